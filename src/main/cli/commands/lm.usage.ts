import type { CommandUsage } from '../usage'

const SCORE: CommandUsage = {
  name: 'score',
  summary: 'the probability a char-rnn run gives each word',
  synopsis: ['lm score --run RUN WORD... [--checkpoint NAME] [--json]'],
  options: {
    run: { value: true, arg: 'RUN', help: 'the language-model run', complete: 'run' },
    checkpoint: { value: true, arg: 'NAME', help: 'a checkpoint of the run (its latest otherwise)', complete: 'none' },
    json: { help: 'print {word: probability} as JSON' },
  },
  examples: [['benchtop lm score --run RUN apple appll --json', 'how much likelier the real word is']],
}

const SAMPLE: CommandUsage = {
  name: 'sample',
  summary: 'invented words from a char-rnn run',
  synopsis: ['lm sample --run RUN [-n 20] [--temperature T] [--top-k K] [--seed N] [--checkpoint NAME] [--json]'],
  options: {
    run: { value: true, arg: 'RUN', help: 'the language-model run', complete: 'run' },
    checkpoint: { value: true, arg: 'NAME', help: 'a checkpoint of the run (its latest otherwise)', complete: 'none' },
    n: { value: true, arg: 'N', short: 'n', help: 'how many words (default 20)', complete: 'none' },
    temperature: { value: true, arg: 'T', help: 'below 1: safer words; above 1: wilder', complete: 'none' },
    'top-k': { value: true, arg: 'K', help: 'draw each letter from the K likeliest only', complete: 'none' },
    seed: { value: true, arg: 'N', help: 'the same seed draws the same words', complete: 'none' },
    json: { help: 'print the words as a JSON list' },
  },
  examples: [['benchtop lm sample --run RUN -n 20 --top-k 3 --json', '20 words, each letter from the 3 likeliest']],
}

export const LM_USAGE: CommandUsage = {
  name: 'lm',
  summary: 'word probabilities and invented words from a char-rnn run',
  synopsis: [SCORE.synopsis[0], SAMPLE.synopsis[0]],
  options: {},
  subcommands: [SCORE, SAMPLE],
  examples: [...SCORE.examples, ...SAMPLE.examples],
}
