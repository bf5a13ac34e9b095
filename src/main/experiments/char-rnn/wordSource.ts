/**
 * Where a char-rnn run's words come from: the built-in English word list, an IMDb archive
 * folder (the seed's vocabulary or review readers) or any UTF-8 text file. File access lives
 * here; the cleaning itself is words.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { DatasetError } from '../../datasets/errors'
import { slugify } from '../../datasets/slug'
import { decodeUtf8 } from './utf8'
import { plainWords, seedWords } from './words'

export interface WordSource {
  /** Dataset id recorded with the run. */
  id: string
  /** What was read, for the run's record: a path and the reader, or the package. */
  source: string
  /** Cleaned words in reading order (not yet limited by length). */
  words: string[]
  /** Files skipped or worth a look, one line each, naming the file. */
  warnings: string[]
}

export interface ImdbOptions {
  /** `vocab`: aclImdb/imdb.vocab; `reviews`: the words of the first `reviews` files of train/pos. */
  source: 'vocab' | 'reviews'
  reviews: number
}

export const BUILTIN_WORDS_ID = 'english-words'

const require = createRequire(import.meta.url)

/** The 274,937 words of an-array-of-english-words (lower-case a-z already; cleaned all the same). */
export function builtinWords(): WordSource {
  const list = require('an-array-of-english-words') as string[]
  const version = (require('an-array-of-english-words/package.json') as { version: string }).version
  return { id: BUILTIN_WORDS_ID, source: `an-array-of-english-words ${version}`, words: seedWords(list.join('\n')), warnings: [] }
}

/** Reads a file as UTF-8 text; the error names the file and the first bad byte. */
function readText(file: string): { text: string } | { error: string } {
  const bytes = readFileSync(file)
  if (bytes.length === 0) return { error: `${file} is empty` }
  const decoded = decodeUtf8(bytes)
  return 'error' in decoded ? { error: `${file} is not UTF-8 text: ${decoded.error}` } : decoded
}

function readWordsFile(file: string, clean: (text: string) => string[]): string[] {
  const read = readText(file)
  if ('error' in read) throw new DatasetError(read.error, file)
  const words = clean(read.text)
  if (words.length === 0) throw new DatasetError(`${file} holds no word of letters a-z`, file)
  return words
}

/** Any text file of words or prose, split on non-letters. */
export function readTextFile(file: string): WordSource {
  return { id: slugify(path.basename(file)), source: `${file} (text)`, words: readWordsFile(file, plainWords), warnings: [] }
}

/** The aclImdb folder itself, or a folder that holds one; null when neither. */
export function findImdbRoot(dir: string): string | null {
  const looksLike = (d: string) => existsSync(path.join(d, 'imdb.vocab')) || existsSync(path.join(d, 'train', 'pos'))
  if (looksLike(dir)) return dir
  const nested = path.join(dir, 'aclImdb')
  return existsSync(nested) && looksLike(nested) ? nested : null
}

/** Review files in the order Benchtop lists files everywhere: by UTF-16 code units, not locale. */
function reviewFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** The seed's two IMDb readers over an aclImdb folder. */
export function readImdb(dir: string, options: ImdbOptions): WordSource {
  const root = findImdbRoot(dir)
  if (!root) throw new DatasetError(`${dir} is not an aclImdb folder: it holds neither imdb.vocab nor train/pos (nor an aclImdb folder with them)`, dir)
  if (options.source === 'vocab') {
    const file = path.join(root, 'imdb.vocab')
    if (!existsSync(file)) throw new DatasetError(`${file} is missing: this aclImdb folder has no vocabulary (set source=reviews to read train/pos)`, file)
    const words = readWordsFile(file, seedWords)
    const warnings = words[0] === 'the' && words[1] === 'and' ? [] : [`${file}: the first words are '${words.slice(0, 2).join("', '")}', not the seed's 'the', 'and'`]
    return { id: 'aclimdb-vocab', source: `${file} (vocabulary)`, words, warnings }
  }
  const posDir = path.join(root, 'train', 'pos')
  if (!existsSync(posDir) || !statSync(posDir).isDirectory()) {
    throw new DatasetError(`${posDir} is missing: this aclImdb folder has no training reviews (set source=vocab to read imdb.vocab)`, posDir)
  }
  const all = reviewFiles(posDir)
  const files = options.reviews > 0 ? all.slice(0, options.reviews) : all
  const words: string[] = []
  const warnings: string[] = []
  for (const name of files) {
    const file = path.join(posDir, name)
    const read = readText(file)
    if ('error' in read) {
      warnings.push(`skipped ${read.error}`)
      continue
    }
    const found = seedWords(read.text)
    if (found.length === 0) warnings.push(`skipped ${file}: it holds no word of letters a-z`)
    words.push(...found)
  }
  if (words.length === 0) throw new DatasetError(`${posDir}: none of the ${files.length} review files read holds a usable word`, posDir)
  const count = options.reviews > 0 ? `first ${files.length}` : `all ${files.length}`
  return { id: `aclimdb-reviews-${files.length}`, source: `${posDir} (${count} reviews)`, words, warnings }
}

/**
 * The words for `data` as a run's job carries it: null for the built-in list, else an absolute
 * path (a folder is read as aclImdb, a file as text). Anything else is a registered dataset id,
 * and those are image datasets.
 */
export function loadWordSource(data: string | null, options: ImdbOptions): WordSource {
  if (data === null) return builtinWords()
  if (!path.isAbsolute(data)) {
    throw new DatasetError(
      `'${data}' is an image dataset; char-rnn trains on words: pass --data a word list or text file, or an aclImdb folder (or nothing, for the built-in English words)`,
      data,
    )
  }
  if (!existsSync(data)) throw new DatasetError(`${data} does not exist`, data)
  return statSync(data).isDirectory() ? readImdb(data, options) : readTextFile(data)
}
