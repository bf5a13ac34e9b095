/**
 * Language-model tools over a char-rnn checkpoint: word probabilities and sampled words, for
 * the command line (`benchtop lm`) and the app.
 */
export { languageModelOf, loadLanguageModel, NotALanguageModelError, type LanguageModel } from './load'
export { SEED_MAX_LETTERS, sampleWords, type SampledLetter, type SampledWord, type SampleOptions } from './sample'
export { checkWords, rankPairs, scoreWords, type LetterModel, type LetterProbability, type WordScore } from './score'
export { LmInputError, SEED_PAIRS, SEED_TEST_WORDS } from './words'
