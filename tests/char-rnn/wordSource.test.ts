import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DatasetError } from '../../src/main/datasets/errors'
import { findImdbRoot, loadWordSource, readImdb, readTextFile } from '../../src/main/experiments/char-rnn/wordSource'

/** A small archive in the aclImdb layout: imdb.vocab and train/pos reviews. */
function makeImdb(root: string): string {
  const dir = path.join(root, 'aclImdb')
  mkdirSync(path.join(dir, 'train', 'pos'), { recursive: true })
  mkdirSync(path.join(dir, 'train', 'neg'), { recursive: true })
  writeFileSync(path.join(dir, 'imdb.vocab'), ['the', 'and', 'a', 'of', "it's", '10/10', 'incomprehensibilities'].join('\n') + '\n')
  const pos = (name: string, text: string | Buffer) => writeFileSync(path.join(dir, 'train', 'pos', name), text)
  pos('0_9.txt', 'Bromwell High is a cartoon comedy.<br /><br />It ran at the same time.')
  pos('10_8.txt', 'Great fun!')
  pos('1_7.txt', 'Loved it')
  pos('2_10.txt', Buffer.from([0x47, 0x6f, 0x6f, 0x64, 0x20, 0xe9, 0x74, 0xe9]))
  pos('3_9.txt', '')
  pos('4_8.txt', '10/10 !!!')
  writeFileSync(path.join(dir, 'train', 'pos', 'notes.md'), 'not a review')
  writeFileSync(path.join(dir, 'train', 'neg', '0_2.txt'), 'Awful')
  return dir
}

describe('the IMDb reader', () => {
  let root: string
  let imdb: string

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'imdb-'))
    imdb = makeImdb(root)
  })

  it("reads imdb.vocab as the seed does: 'the', 'and' first, a-z kept", () => {
    const source = readImdb(imdb, { source: 'vocab', reviews: 0 })
    expect(source.words).toEqual(['the', 'and', 'a', 'of', 'its', 'incomprehensibilities'])
    expect(source.id).toBe('aclimdb-vocab')
    expect(source.source).toBe(`${path.join(imdb, 'imdb.vocab')} (vocabulary)`)
    expect(source.warnings).toEqual([])
  })

  it('finds the aclImdb folder inside the folder given', () => {
    expect(findImdbRoot(root)).toBe(imdb)
    expect(findImdbRoot(imdb)).toBe(imdb)
    expect(readImdb(root, { source: 'vocab', reviews: 0 }).words[0]).toBe('the')
  })

  it('reads the words of the first N review files of train/pos, in name order', () => {
    const two = readImdb(imdb, { source: 'reviews', reviews: 2 })
    // Names sort by code units (0_9.txt, 10_8.txt, 1_7.txt, ...); as in the seed, 'comedy.<br' is one token.
    expect(two.words).toEqual(['bromwell', 'high', 'is', 'a', 'cartoon', 'comedybr', 'br', 'it', 'ran', 'at', 'the', 'same', 'time', 'great', 'fun'])
    expect(two.id).toBe('aclimdb-reviews-2')
    expect(two.source).toMatch(/train\/pos \(first 2 reviews\)$/)
  })

  it('skips review files that are not UTF-8, empty or wordless, naming each', () => {
    const all = readImdb(imdb, { source: 'reviews', reviews: 0 })
    expect(all.words.slice(-2)).toEqual(['loved', 'it'])
    const pos = path.join(imdb, 'train', 'pos')
    expect(all.warnings).toEqual([
      `skipped ${path.join(pos, '2_10.txt')} is not UTF-8 text: byte 0xe9 at offset 5 is not UTF-8`,
      `skipped ${path.join(pos, '3_9.txt')} is empty`,
      `skipped ${path.join(pos, '4_8.txt')}: it holds no word of letters a-z`,
    ])
  })

  it('says what is missing when the folder is not an aclImdb archive', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'not-imdb-'))
    expect(() => readImdb(empty, { source: 'vocab', reviews: 0 })).toThrow(`${empty} is not an aclImdb folder`)
    const onlyReviews = mkdtempSync(path.join(os.tmpdir(), 'reviews-only-'))
    mkdirSync(path.join(onlyReviews, 'train', 'pos'), { recursive: true })
    writeFileSync(path.join(onlyReviews, 'train', 'pos', '0_1.txt'), '???')
    expect(() => readImdb(onlyReviews, { source: 'vocab', reviews: 0 })).toThrow(/imdb.vocab is missing.*source=reviews/)
    expect(() => readImdb(onlyReviews, { source: 'reviews', reviews: 0 })).toThrow(/none of the 1 review files read holds a usable word/)
  })

  it('refuses a vocabulary that is not UTF-8 or is empty, naming the file', () => {
    const bad = path.join(mkdtempSync(path.join(os.tmpdir(), 'bad-vocab-')), 'aclImdb')
    mkdirSync(bad)
    writeFileSync(path.join(bad, 'imdb.vocab'), Buffer.from([0x74, 0x68, 0x65, 0x0a, 0xc0, 0x0a]))
    const error = (() => {
      try {
        readImdb(bad, { source: 'vocab', reviews: 0 })
      } catch (e) {
        return e as DatasetError
      }
    })()
    expect(error).toBeInstanceOf(DatasetError)
    expect(error!.message).toBe(`${path.join(bad, 'imdb.vocab')} is not UTF-8 text: byte 0xc0 at offset 4 is not UTF-8`)
    expect(error!.path).toBe(path.join(bad, 'imdb.vocab'))
    writeFileSync(path.join(bad, 'imdb.vocab'), '')
    expect(() => readImdb(bad, { source: 'vocab', reviews: 0 })).toThrow(`${path.join(bad, 'imdb.vocab')} is empty`)
  })
})

describe('other word sources', () => {
  it('reads any text file, split on non-letters', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'text-')), 'Poem.txt')
    writeFileSync(file, 'The cat sat on the mat.\nIt was the cat\'s mat!')
    expect(readTextFile(file)).toMatchObject({ id: 'poem-txt', words: ['the', 'cat', 'sat', 'on', 'the', 'mat', 'it', 'was', 'the', 'cat', 's', 'mat'] })
    writeFileSync(file, '1 2 3 ... 42')
    expect(() => readTextFile(file)).toThrow(`${file} holds no word of letters a-z`)
  })

  it('uses the built-in list without data, and refuses image datasets and missing paths', () => {
    expect(loadWordSource(null, { source: 'vocab', reviews: 0 }).id).toBe('english-words')
    expect(() => loadWordSource('shapes', { source: 'vocab', reviews: 0 })).toThrow(/'shapes' is an image dataset; char-rnn trains on words/)
    expect(() => loadWordSource('/no/such/words.txt', { source: 'vocab', reviews: 0 })).toThrow('/no/such/words.txt does not exist')
  })
})
