/**
 * From cleaned words to the arrays a run trains on: words longer than maxLength dropped, a
 * shuffle fixed by the run's seed, the first `limit` kept, 5% of them held out. Pure.
 */
import { createHash } from 'node:crypto'
import { deriveSeed, mulberry32, permutation } from '../../../shared/random'
import { encodeWords } from './alphabet'
import { keepWords } from './words'

export const HELD_OUT_FRACTION = 0.05

export interface WordData {
  train: string[]
  val: string[]
  /** Letter indices [words, maxLength + 1], row-major. */
  trainCodes: Int32Array
  valCodes: Int32Array
  /** Words dropped for having more than maxLength letters. */
  tooLong: number
  /** sha256 (hex) of exactly the words used, split by split, in order. */
  fingerprint: string
}

export function prepareWords(words: readonly string[], options: { seed: number; limit: number; maxLength: number }): WordData {
  const { words: kept, tooLong } = keepWords(words, options.maxLength)
  const order = permutation(mulberry32(deriveSeed(options.seed, 'words')), kept.length)
  const count = options.limit > 0 ? Math.min(options.limit, kept.length) : kept.length
  if (count < 2) {
    throw new RangeError(`only ${count} usable word${count === 1 ? '' : 's'} of 1 to ${options.maxLength} letters: a run needs at least 2 (one to train on, one held out)`)
  }
  const chosen = Array.from(order.subarray(0, count), (i) => kept[i])
  const held = Math.max(1, Math.round(count * HELD_OUT_FRACTION))
  const val = chosen.slice(0, held)
  const train = chosen.slice(held)
  const hash = createHash('sha256').update(`benchtop-words-v1\n${options.maxLength}\n`)
  hash.update(`train\t${train.length}\n${train.join('\n')}\nval\t${val.length}\n${val.join('\n')}\n`)
  return {
    train,
    val,
    trainCodes: encodeWords(train, options.maxLength),
    valCodes: encodeWords(val, options.maxLength),
    tooLong,
    fingerprint: hash.digest('hex'),
  }
}
