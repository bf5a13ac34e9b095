import { describe, expect, it } from 'vitest'
import type { LmWordScore } from '../../../src/shared/lm/api'
import { SEED_WORDS } from '../../../src/shared/lm/seedWords'
import { formatLogProbability, formatProbability, groupScores, pairSummary, parseUserWords } from '../../../src/renderer/src/components/lm/wordTable'

/** The seed's RNN1 probabilities (../shared/spec/experiments.md §2). */
const SEED_RNN1: Record<string, number> = {
  apple: 9.4e-8, appll: 6.5e-9, appla: 3.7e-8, apply: 1.2e-7, bear: 1.6e-6, beer: 1.7e-6, berr: 1.0e-6, beee: 1.6e-7,
  car: 1.9e-5, cae: 1.9e-6, cat: 1.9e-5, cac: 6.0e-6, caq: 3.6e-8, query: 1.7e-6, queee: 5.9e-8, queue: 9.5e-9,
  queen: 6.0e-7, quest: 2.7e-6, quess: 4.7e-6, quees: 1.3e-6,
}

const score = (word: string, p: number): LmWordScore => ({ word, probability: p, logProbability: Math.log(p), letters: [...word].map((letter) => ({ letter, p: 0.5 })), end: 0.3 })
const seedScores = SEED_WORDS.map((w) => score(w, SEED_RNN1[w]))

describe('the word table', () => {
  it("puts the seed's words in its four groups, then the user's, and marks each group's likeliest", () => {
    const groups = groupScores([...seedScores, score('dog', 1e-4), score('dgo', 1e-9)], ['dog', 'dgo'])
    expect(groups.map((g) => [g.title, g.rows.map((r) => r.word)])).toEqual([
      ['apple', ['apple', 'appll', 'appla', 'apply']],
      ['bear', ['bear', 'beer', 'berr', 'beee']],
      ['car', ['car', 'cae', 'cat', 'cac', 'caq']],
      ['query', ['query', 'queee', 'queue', 'queen', 'quest', 'quess', 'quees']],
      ['Your words', ['dog', 'dgo']],
    ])
    expect(groups.map((g) => g.rows.filter((r) => r.best).map((r) => r.word))).toEqual([['apply'], ['beer'], ['car'], ['quess'], ['dog']])
    expect(groups.at(-1)!.own).toBe(true)
  })

  it("checks every misspelling against its real word, and counts the pairs as the seed's numbers have them", () => {
    const rows = groupScores(seedScores, []).flatMap((g) => g.rows)
    const pair = (w: string) => rows.find((r) => r.word === w)!.pair
    expect(pair('appll')).toEqual({ realWord: 'apple', right: true })
    expect(pair('quess')).toEqual({ realWord: 'quest', right: false })
    expect(pair('cac')).toEqual({ realWord: 'cat', right: true })
    expect(pair('apple')).toBeNull()
    // apple>appll, apply>appla, bear>beee, beer>berr, car>cae, cat>caq, cat>cac, query>queee; queen<quees, quest<quess.
    expect(pairSummary(seedScores)).toEqual({ right: 8, total: 10 })
  })

  it('leaves out words the model did not score and keeps an empty group for the user', () => {
    const groups = groupScores(seedScores.filter((s) => s.word.length <= 3), [])
    expect(groups.map((g) => g.title)).toEqual(['car', 'Your words'])
    expect(groups[1].rows).toEqual([])
    expect(pairSummary(seedScores.filter((s) => s.word.length <= 3))).toEqual({ right: 3, total: 3 })
  })

  it('uses log-probabilities to find the best word even where probabilities underflow to 0', () => {
    const tiny = [{ ...score('apple', 1), probability: 0, logProbability: -800 }, { ...score('appll', 1), probability: 0, logProbability: -790 }]
    expect(groupScores(tiny, [])[0].rows.find((r) => r.best)!.word).toBe('appll')
  })

  it("reads the user's words: lower-cased, split on spaces and commas, bad or repeated ones refused by name", () => {
    expect(parseUserWords(' Dog, dgo\ncat  d0g toolongword dog ', 8, ['emu'])).toEqual({
      words: ['dog', 'dgo'],
      problems: ["'cat' is already in the table", "'d0g' has characters outside a-z", "'toolongword' has 11 letters; this model takes at most 8", "'dog' is already in the table"],
    })
    expect(parseUserWords('emu', 19, ['emu']).words).toEqual([])
    expect(parseUserWords('   ', 19, [])).toEqual({ words: [], problems: [] })
  })

  it('formats probabilities as the seed prints them, and log-probabilities to 3 decimals', () => {
    expect(formatProbability(9.4e-8)).toBe('9.40e-8')
    expect(formatProbability(0)).toBe('0 (underflow)')
    expect(formatLogProbability(Math.log(9.4e-8))).toBe('-16.180')
  })
})
