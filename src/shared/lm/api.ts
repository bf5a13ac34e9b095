/**
 * The language-model part of the API contract (char-rnn runs): word probabilities and sampled
 * words from any saved checkpoint, and the shape checks the transports run on their arguments.
 * The core checks the meaning (letters a-z, word length, ranges) with messages naming the value.
 */
import type { CheckpointInfo } from '../api'

/** One letter of a word, with the probability the model gave it at its position. */
export interface LmLetter {
  letter: string
  /** Softmax over all 27 symbols at temperature 1. */
  p: number
}

/** A word's probability under one checkpoint, as the seed computes it. */
export interface LmWordScore {
  word: string
  /** Product of the probabilities at all maxLength + 1 positions, the padding spaces included. */
  probability: number
  /** Natural log of `probability`; finite even where the product underflows to 0. */
  logProbability: number
  letters: LmLetter[]
  /** Probability of the space that ends the word. */
  end: number
}

export interface LmScoreResult {
  runId: string
  /** The checkpoint that scored the words: the one asked for, else the run's latest. */
  checkpoint: CheckpointInfo
  /** The longest word this model scores (its config's maxLength). */
  maxLength: number
  words: LmWordScore[]
}

export interface LmSampleRequest {
  /** How many words, 1 to LM_MAX_SAMPLES. */
  n: number
  /** Divides the logits before the softmax (> 0); default 1. */
  temperature?: number
  /** Draw among the k likeliest symbols only, 0 to 27; 0 or absent: all. The seed suggests 3. */
  topK?: number
  /** Same seed, checkpoint and options: same words. Absent: a random one (returned). */
  seed?: number
  /** A checkpoint name (`epoch-0002`) or an epoch number; absent: the latest. */
  checkpoint?: string
}

export interface LmSampledLetter extends LmLetter {
  /** The probability it was drawn with (after temperature and top-k). */
  q: number
}

/** Also the shape of each word in the per-epoch `words` samples the training loop records. */
export interface LmSampledWord {
  word: string
  letters: LmSampledLetter[]
  /** True when a space ended the word; false when it was cut at the letter limit (10, the seed's). */
  ended: boolean
}

export interface LmSampleResult {
  runId: string
  checkpoint: CheckpointInfo
  seed: number
  temperature: number
  topK: number
  words: LmSampledWord[]
}

/** At most this many words per lmScore call, and sampled per lmSample call: small, so tf work stays short. */
export const LM_MAX_WORDS = 200
export const LM_MAX_SAMPLES = 200
/** Longest text accepted as one word before the core's own check (maxLength is at most 64). */
const MAX_WORD_CHARS = 100

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}

/** Shape check of lmScore's words: null when fine, else what is wrong. */
export function checkLmWords(value: unknown): string | null {
  if (!Array.isArray(value)) return 'must be a list of words'
  if (value.length === 0) return 'must hold at least one word'
  if (value.length > LM_MAX_WORDS) return `may hold at most ${LM_MAX_WORDS} words, got ${value.length}`
  const bad = value.findIndex((w) => typeof w !== 'string' || w.length > MAX_WORD_CHARS)
  return bad < 0 ? null : `word ${bad + 1} must be text of at most ${MAX_WORD_CHARS} characters`
}

/** Shape check of lmSample's request: null when fine, else what is wrong. */
export function checkLmSampleRequest(value: unknown): string | null {
  if (!isPlainObject(value)) return 'must be { n, temperature?, topK?, seed?, checkpoint? }'
  const extra = Object.keys(value).filter((k) => !['n', 'temperature', 'topK', 'seed', 'checkpoint'].includes(k))
  if (extra.length) return `has unknown field(s) ${extra.join(', ')}`
  for (const key of ['n', 'temperature', 'topK', 'seed'] as const) {
    const v = value[key]
    if ((key === 'n' || v !== undefined) && (typeof v !== 'number' || !Number.isFinite(v))) return `${key} must be a number`
  }
  if (value.checkpoint !== undefined && (typeof value.checkpoint !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(value.checkpoint))) {
    return 'checkpoint must be a checkpoint name or an epoch number'
  }
  return null
}
