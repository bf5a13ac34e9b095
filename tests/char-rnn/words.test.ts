import { describe, expect, it } from 'vitest'
import { encodeWords, wordProblem } from '../../src/main/experiments/char-rnn/alphabet'
import { prepareWords } from '../../src/main/experiments/char-rnn/data'
import { decodeUtf8, invalidUtf8Offset } from '../../src/main/experiments/char-rnn/utf8'
import { builtinWords } from '../../src/main/experiments/char-rnn/wordSource'
import { keepWords, plainWords, seedWords } from '../../src/main/experiments/char-rnn/words'

describe('word cleaning', () => {
  it("cleans like the seed's IMDb readers: lower-case, a-z kept inside whitespace-separated tokens", () => {
    expect(seedWords("Don't <br /><br />STOP!!  it's 42 café\nthe\r\nand\tx")).toEqual(['dont', 'br', 'br', 'stop', 'its', 'caf', 'the', 'and', 'x'])
    expect(seedWords('  \n 123 !! ')).toEqual([])
  })

  it('splits plain text on every non-letter, removing accents first', () => {
    expect(plainWords("Don't stop: naïve CAFÉ, e-mail\n42x")).toEqual(['don', 't', 'stop', 'naive', 'cafe', 'e', 'mail', 'x'])
  })

  it('drops words longer than maxLength and counts them', () => {
    const long = 'a'.repeat(20)
    expect(keepWords(['cat', long, 'a'.repeat(19), ''], 19)).toEqual({ words: ['cat', 'a'.repeat(19)], tooLong: 1 })
  })

  it('encodes words as letter indices padded with spaces (0) to maxLength + 1', () => {
    expect(Array.from(encodeWords(['cab', 'z'], 4))).toEqual([3, 1, 2, 0, 0, 26, 0, 0, 0, 0])
    expect(wordProblem('abcde', 4)).toMatch(/5 letters/)
    expect(() => encodeWords(['c4t'], 19)).toThrow(/outside a-z/)
  })

  it('reads the built-in English word list, a-z only', () => {
    const builtin = builtinWords()
    expect(builtin.id).toBe('english-words')
    expect(builtin.source).toMatch(/^an-array-of-english-words \d/)
    expect(builtin.words.length).toBeGreaterThan(270_000)
    expect(builtin.words.slice(0, 3)).toEqual(['a', 'aa', 'aah'])
    expect(builtin.words.every((w) => /^[a-z]+$/.test(w))).toBe(true)
  })
})

describe('preparing the words of a run', () => {
  const words = Array.from({ length: 400 }, (_, i) => `w${'abcdefghij'[i % 10]}${'klmnopqrst'[Math.floor(i / 10) % 10]}${'uvwxyz'[Math.floor(i / 100)]}`.slice(1))

  it('shuffles by the seed, keeps `limit` words and holds 5% out', () => {
    const a = prepareWords(words, { seed: 1, limit: 0, maxLength: 19 })
    expect(a.train).toHaveLength(380)
    expect(a.val).toHaveLength(20)
    expect(new Set([...a.train, ...a.val])).toEqual(new Set(words))
    expect(a.train.slice(0, 5)).not.toEqual(words.slice(20, 25))
    expect(a.trainCodes).toHaveLength(380 * 20)
    const again = prepareWords(words, { seed: 1, limit: 0, maxLength: 19 })
    expect([again.train, again.val, again.fingerprint]).toEqual([a.train, a.val, a.fingerprint])
    const other = prepareWords(words, { seed: 2, limit: 0, maxLength: 19 })
    expect(other.fingerprint).not.toBe(a.fingerprint)
    const limited = prepareWords(words, { seed: 1, limit: 100, maxLength: 19 })
    expect([limited.train.length, limited.val.length]).toEqual([95, 5])
    expect(limited.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('needs at least two usable words', () => {
    expect(() => prepareWords(['cat', 'a'.repeat(30)], { seed: 1, limit: 0, maxLength: 19 })).toThrow(/only 1 usable word of 1 to 19 letters/)
  })
})

describe('UTF-8 checks', () => {
  it('finds the first byte that is not UTF-8', () => {
    expect(invalidUtf8Offset(Buffer.from('héllo', 'utf8'))).toBe(-1)
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xe9, 0x63]))).toBe(2)
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xc3]))).toBe(1)
    expect(decodeUtf8(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ error: 'byte 0xff at offset 0 is not UTF-8' })
    expect(decodeUtf8(Buffer.from('ok'))).toEqual({ text: 'ok' })
  })
})
