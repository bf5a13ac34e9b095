import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { rankPairs, sampleWords, scoreWords, SEED_TEST_WORDS, type LetterModel } from '../../src/main/lm'
import { restrictTopK } from '../../src/main/lm/sample'

/**
 * A model whose every distribution is set by hand: at position t it gives the letter 'a' + t
 * probability 0.6, the space 0.2, and each of the other 25 letters 0.2 / 25 = 0.008.
 */
const handSet: LetterModel = {
  logits(targets) {
    const [batch, steps] = targets.shape
    const rows = Array.from({ length: steps }, (_, t) =>
      Array.from({ length: 27 }, (_, k) => Math.log(k === 0 ? 0.2 : k === t + 1 ? 0.6 : 0.008)),
    )
    return tf.tensor3d(Array.from({ length: batch }, () => rows), [batch, steps, 27])
  },
}

describe('word probabilities', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('multiply the probabilities at all maxLength + 1 positions, padding spaces included', () => {
    const [abc, cab] = scoreWords(handSet, ['abc', 'cab'], 19)
    // 'abc': a, b, c at positions 0-2 (0.6 each), then 17 spaces (0.2 each).
    expect(abc.p / (0.6 ** 3 * 0.2 ** 17)).toBeCloseTo(1, 5)
    expect(abc.logp).toBeCloseTo(3 * Math.log(0.6) + 17 * Math.log(0.2), 4)
    expect(abc.letters.map((l) => l.letter).join('')).toBe('abc')
    abc.letters.forEach((l) => expect(l.p).toBeCloseTo(0.6, 6))
    expect(abc.end).toBeCloseTo(0.2, 6)
    expect(abc.padding / 0.2 ** 16).toBeCloseTo(1, 5)
    // 'cab' puts each letter where it has 0.008.
    expect(cab.p / (0.008 ** 3 * 0.2 ** 17)).toBeCloseTo(1, 4)
  })

  it('follow the maximum length: 10 letters plus one space for maxLength 10', () => {
    const [word] = scoreWords(handSet, ['abcdefghij'], 10)
    expect(word.p / (0.6 ** 10 * 0.2)).toBeCloseTo(1, 5)
    expect(word.padding).toBe(1)
  })

  it('refuse words outside a-z, empty or too long, naming the word', () => {
    expect(() => scoreWords(handSet, ['cat', 'c4t'], 19)).toThrow("'c4t' has characters outside a-z")
    expect(() => scoreWords(handSet, ['Cat'], 19)).toThrow("try 'cat'")
    expect(() => scoreWords(handSet, [''], 19)).toThrow(/empty word/)
    expect(() => scoreWords(handSet, ['abcdefghijk'], 10)).toThrow("'abcdefghijk' has 11 letters; this model handles at most 10")
  })

  it("rank the seed's pairs", () => {
    const scores = scoreWords(handSet, [...SEED_TEST_WORDS], 19)
    const pairs = rankPairs(scores)
    expect(pairs).toHaveLength(10)
    // They differ at position 4 only, where the hand-set model gives 'e' 0.6 and 'l' 0.008.
    expect(pairs.find((p) => p.word === 'apple')!.right).toBe(true)
  })
})

describe('sampling', () => {
  it('feeds letters back, stops at 10 letters or a space, and keeps each letter\'s probability', () => {
    const [word] = sampleWords(handSet, { count: 1, topK: 1, seed: 1 }, 19)
    expect(word.word).toBe('abcdefghij')
    expect(word.ended).toBe(false)
    expect(word.letters.map((l) => [l.letter, l.p.toFixed(4), l.q])).toEqual(Array.from('abcdefghij', (c) => [c, '0.6000', 1]))
  })

  it('stops at a space', () => {
    const spaceAt3: LetterModel = {
      logits: (targets) => {
        const [b, steps] = targets.shape
        const row = (t: number) => Array.from({ length: 27 }, (_, k) => (k === (t < 3 ? 26 : 0) ? 3 : 0))
        return tf.tensor3d(Array.from({ length: b }, () => Array.from({ length: steps }, (_, t) => row(t))))
      },
    }
    expect(sampleWords(spaceAt3, { count: 2, topK: 1, seed: 1 }, 19).map((w) => [w.word, w.ended])).toEqual([
      ['zzz', true],
      ['zzz', true],
    ])
  })

  it('draws from the softmax, reproducibly from the seed', () => {
    const words = sampleWords(handSet, { count: 2000, seed: 5 }, 19)
    expect(sampleWords(handSet, { count: 2000, seed: 5 }, 19)).toEqual(words)
    expect(sampleWords(handSet, { count: 50, seed: 6 }, 19)).not.toEqual(words.slice(0, 50))
    // The first letter is 'a' with probability 0.6, a space (an empty word) with 0.2.
    const share = (f: (w: (typeof words)[number]) => boolean) => words.filter(f).length / words.length
    expect(share((w) => w.word.startsWith('a'))).toBeGreaterThan(0.56)
    expect(share((w) => w.word.startsWith('a'))).toBeLessThan(0.64)
    expect(share((w) => w.word === '')).toBeGreaterThan(0.17)
    expect(share((w) => w.word === '')).toBeLessThan(0.23)
    for (const w of words) expect(w.word).toMatch(/^[a-z]{0,10}$/)
  })

  it('reshapes the distribution with temperature and top-k, and reports what it drew with', () => {
    // Temperature 2 makes q proportional to sqrt(p); top-2 at position 0 keeps 'a' (0.6) and the space (0.2).
    const firsts = sampleWords(handSet, { count: 40, seed: 2, temperature: 2, topK: 2 }, 19).flatMap((w) => w.letters.slice(0, 1))
    expect(firsts.length).toBeGreaterThan(20)
    for (const l of firsts) {
      expect(l.letter).toBe('a')
      expect(l.p).toBeCloseTo(0.6, 6)
      expect(l.q).toBeCloseTo(Math.sqrt(0.6) / (Math.sqrt(0.6) + Math.sqrt(0.2)), 5)
    }
    const close = (got: Float64Array, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12))
    close(restrictTopK(Float64Array.from([0.1, 0.5, 0.1, 0.3]), 2), [0, 0.625, 0, 0.375])
    close(restrictTopK(Float64Array.from([0.25, 0.25, 0.5]), 2), [1 / 3, 0, 2 / 3])
    expect(() => sampleWords(handSet, { count: 1, seed: 1, temperature: 0 }, 19)).toThrow(/temperature/)
    expect(() => sampleWords(handSet, { count: 1, seed: 1, topK: 28 }, 19)).toThrow(/top-k/)
    expect(() => sampleWords(handSet, { count: 0, seed: 1 }, 19)).toThrow(/number of words/)
  })
})
