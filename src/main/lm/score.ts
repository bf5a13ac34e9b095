/**
 * Word probabilities under a letter model, as the seed computes them: the product of the
 * softmax probabilities of the word's letters at every one of the maxLength + 1 positions,
 * the trailing space and the padding spaces included.
 */
import * as tf from '@tensorflow/tfjs-core'
import { encodeWords, letterOf, wordProblem } from '../experiments/char-rnn/alphabet'
import { pickLogSoftmax } from '../experiments/char-rnn/loss'
import { LmInputError, SEED_PAIRS } from './words'

/** What scoring and sampling need of a model: targets [batch, T] int32 -> logits [batch, T, 27]. */
export interface LetterModel {
  logits(targets: tf.Tensor2D): tf.Tensor3D
}

export interface LetterProbability {
  letter: string
  /** The model's probability of this letter at its position. */
  p: number
}

export interface WordScore {
  word: string
  /** Product over all maxLength + 1 positions. */
  p: number
  /** Natural log of p (finite where p underflows to 0). */
  logp: number
  letters: LetterProbability[]
  /** Probability of the space that ends the word. */
  end: number
  /** Product over the padding positions after that space. */
  padding: number
}

const CHUNK = 512

/** Throws LmInputError naming the first word that is not 1..maxLength letters a-z. */
export function checkWords(words: readonly string[], maxLength: number): void {
  for (const word of words) {
    const problem = wordProblem(word, maxLength)
    if (problem) throw new LmInputError(problem)
  }
}

export function scoreWords(model: LetterModel, words: readonly string[], maxLength: number): WordScore[] {
  checkWords(words, maxLength)
  const steps = maxLength + 1
  const scores: WordScore[] = []
  for (let start = 0; start < words.length; start += CHUNK) {
    const chunk = words.slice(start, start + CHUNK)
    const codes = encodeWords(chunk, maxLength)
    const logits = tf.tidy(() => model.logits(tf.tensor2d(codes, [chunk.length, steps], 'int32')))
    const { logp } = pickLogSoftmax(logits.dataSync(), codes)
    logits.dispose()
    chunk.forEach((word, w) => {
      const at = (t: number) => logp[w * steps + t]
      let total = 0
      let padding = 0
      for (let t = 0; t < steps; t++) {
        total += at(t)
        if (t > word.length) padding += at(t)
      }
      scores.push({
        word,
        p: Math.exp(total),
        logp: total,
        letters: Array.from(word, (_, t) => ({ letter: letterOf(codes[w * steps + t]), p: Math.exp(at(t)) })),
        end: Math.exp(at(word.length)),
        padding: Math.exp(padding),
      })
    })
  }
  return scores
}

/** The seed's pairs, each with whether the real word scored higher; pairs with an unscored word are left out. */
export function rankPairs(scores: readonly WordScore[]): Array<{ word: string; misspelling: string; right: boolean }> {
  const logp = new Map(scores.map((s) => [s.word, s.logp]))
  return SEED_PAIRS.filter(([a, b]) => logp.has(a) && logp.has(b)).map(([word, misspelling]) => ({
    word,
    misspelling,
    right: logp.get(word)! > logp.get(misspelling)!,
  }))
}
