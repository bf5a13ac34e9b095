/** The seed's test words and real-word / misspelling pairs (src/shared/lm/seedWords.ts), and the lm module's input error. */

export { SEED_PAIRS, SEED_WORDS as SEED_TEST_WORDS } from '../../shared/lm/seedWords'

/** A word the user gave that cannot be scored, or an option out of range: the message says which. */
export class LmInputError extends Error {
  override readonly name = 'LmInputError'
}
