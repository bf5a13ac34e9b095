/**
 * Sampling words from a letter model as the seed does: start from the empty prefix, draw a
 * letter from the softmax, feed it back, stop at a space or after maxLetters letters (10 in the
 * seed). Temperature and top-k shape the distribution drawn from; every letter keeps the
 * probability the model itself gave it, so a front end can colour it.
 */
import * as tf from '@tensorflow/tfjs-core'
import { deriveSeed, mulberry32, type Rng } from '../../shared/random'
import { ALPHABET_SIZE, letterOf, SPACE } from '../experiments/char-rnn/alphabet'
import type { LetterModel } from './score'
import { LmInputError } from './words'

export interface SampleOptions {
  count: number
  /** Divides the logits before the softmax: below 1 sharper, above 1 flatter. Default 1. */
  temperature?: number
  /** Draw only among the k likeliest symbols (the seed suggests 3); 0 or absent: all 27. */
  topK?: number
  seed: number
  /** Default: 10, the seed's limit (at most the model's maxLength). */
  maxLetters?: number
}

export interface SampledLetter {
  letter: string
  /** The model's probability of this letter (softmax at temperature 1, all 27 symbols). */
  p: number
  /** The probability it was drawn with (after temperature and top-k). */
  q: number
}

export interface SampledWord {
  word: string
  letters: SampledLetter[]
  /** True when a space ended the word; false when it was cut at maxLetters. */
  ended: boolean
}

export const SEED_MAX_LETTERS = 10

function softmax(logits: ArrayLike<number>, offset: number, temperature: number): Float64Array {
  const out = new Float64Array(ALPHABET_SIZE)
  let max = -Infinity
  for (let k = 0; k < ALPHABET_SIZE; k++) max = Math.max(max, logits[offset + k] / temperature)
  let sum = 0
  for (let k = 0; k < ALPHABET_SIZE; k++) sum += out[k] = Math.exp(logits[offset + k] / temperature - max)
  for (let k = 0; k < ALPHABET_SIZE; k++) out[k] /= sum
  return out
}

/** Keeps the k largest probabilities (ties by index) and renormalises; k <= 0 keeps all. */
export function restrictTopK(probs: Float64Array, k: number): Float64Array {
  if (k <= 0 || k >= probs.length) return probs
  const keep = Array.from(probs.keys())
    .sort((a, b) => probs[b] - probs[a] || a - b)
    .slice(0, k)
  const out = new Float64Array(probs.length)
  const total = keep.reduce((sum, i) => sum + probs[i], 0)
  for (const i of keep) out[i] = probs[i] / total
  return out
}

function draw(probs: Float64Array, rng: Rng): number {
  let u = rng()
  for (let k = 0; k < probs.length; k++) {
    if (probs[k] <= 0) continue
    u -= probs[k]
    if (u < 0) return k
  }
  // Rounding left u a hair above 0: the last possible symbol.
  for (let k = probs.length - 1; k >= 0; k--) if (probs[k] > 0) return k
  return SPACE
}

export function checkSampleOptions(options: SampleOptions, maxLength: number): Required<SampleOptions> {
  const temperature = options.temperature ?? 1
  const topK = options.topK ?? 0
  const maxLetters = Math.min(options.maxLetters ?? SEED_MAX_LETTERS, maxLength)
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 10000) throw new LmInputError(`the number of words must be 1 to 10000, got ${options.count}`)
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new LmInputError(`the temperature must be a number above 0, got ${temperature}`)
  if (!Number.isInteger(topK) || topK < 0 || topK > ALPHABET_SIZE) throw new LmInputError(`top-k must be a whole number from 0 (no limit) to ${ALPHABET_SIZE}, got ${topK}`)
  if (!Number.isInteger(maxLetters) || maxLetters < 1) throw new LmInputError(`maxLetters must be at least 1, got ${options.maxLetters}`)
  return { count: options.count, temperature, topK, seed: options.seed, maxLetters }
}

/** `count` words; the same seed and model give the same words. */
export function sampleWords(model: LetterModel, options: SampleOptions, maxLength: number): SampledWord[] {
  const o = checkSampleOptions(options, maxLength)
  const rng = mulberry32(deriveSeed(o.seed, 'lm-sample'))
  const words: SampledWord[] = Array.from({ length: o.count }, () => ({ word: '', letters: [], ended: false }))
  let active = words.map((_, i) => i)
  for (let t = 0; t < o.maxLetters && active.length > 0; t++) {
    // Each active word's letters so far, then a placeholder: position t predicts the next letter.
    const codes = new Int32Array(active.length * (t + 1))
    active.forEach((w, row) => words[w].letters.forEach((l, j) => (codes[row * (t + 1) + j] = l.letter.charCodeAt(0) - 96)))
    const last = tf.tidy(() => {
      const logits = model.logits(tf.tensor2d(codes, [active.length, t + 1], 'int32'))
      return tf.slice(logits, [0, t, 0], [active.length, 1, ALPHABET_SIZE])
    })
    const values = last.dataSync()
    last.dispose()
    active = active.filter((w, row) => {
      const offset = row * ALPHABET_SIZE
      const p = softmax(values, offset, 1)
      const q = restrictTopK(o.temperature === 1 ? p : softmax(values, offset, o.temperature), o.topK)
      const index = draw(q, rng)
      if (index === SPACE) {
        words[w].ended = true
        return false
      }
      words[w].letters.push({ letter: letterOf(index), p: p[index], q: q[index] })
      words[w].word += letterOf(index)
      return true
    })
  }
  return words
}
