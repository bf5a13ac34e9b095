/**
 * The seed's 20 test words as the seed groups them (one stem per group: ../shared/spec/experiments.md
 * §2), and its real-word / misspelling pairs. Pure data, used by the core (scoring after each epoch,
 * ranking the pairs) and by the renderer's word table.
 */

export interface SeedWordGroup {
  /** The real word the group is built around. */
  stem: string
  words: readonly string[]
}

export const SEED_WORD_GROUPS: readonly SeedWordGroup[] = [
  { stem: 'apple', words: ['apple', 'appll', 'appla', 'apply'] },
  { stem: 'bear', words: ['bear', 'beer', 'berr', 'beee'] },
  { stem: 'car', words: ['car', 'cae', 'cat', 'cac', 'caq'] },
  { stem: 'query', words: ['query', 'queee', 'queue', 'queen', 'quest', 'quess', 'quees'] },
]

/** [real word, misspelling]: a good model gives the first the higher probability. */
export const SEED_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['apple', 'appll'],
  ['apply', 'appla'],
  ['bear', 'beee'],
  ['beer', 'berr'],
  ['car', 'cae'],
  ['cat', 'caq'],
  ['cat', 'cac'],
  ['query', 'queee'],
  ['queen', 'quees'],
  ['quest', 'quess'],
]

/** The 20 test words in the seed's order. */
export const SEED_WORDS: readonly string[] = SEED_WORD_GROUPS.flatMap((g) => g.words)
