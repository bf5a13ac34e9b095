/** The seed's test words, and the real-word / misspelling pairs a trained model should rank. */

export const SEED_TEST_WORDS = [
  'apple', 'appll', 'appla', 'apply', 'bear', 'beer', 'berr', 'beee', 'car', 'cae',
  'cat', 'cac', 'caq', 'query', 'queee', 'queue', 'queen', 'quest', 'quess', 'quees',
] as const

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

/** A word the user gave that cannot be scored, or an option out of range: the message says which. */
export class LmInputError extends Error {
  override readonly name = 'LmInputError'
}
