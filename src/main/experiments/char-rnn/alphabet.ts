/**
 * The seed's 27-symbol alphabet: index 0 is the space (start, end and padding), 1..26 are a..z.
 * A word of at most `maxLength` letters becomes `maxLength + 1` indices: its letters, then
 * spaces, so even the longest word ends with one.
 */
export const ALPHABET_SIZE = 27
export const SPACE = 0

/** The seed's maximum word length; sequences are one longer (the trailing space). */
export const DEFAULT_MAX_LENGTH = 19

export function letterIndex(letter: string): number {
  return letter === ' ' ? SPACE : letter.charCodeAt(0) - 96
}

export function letterOf(index: number): string {
  return index === SPACE ? ' ' : String.fromCharCode(96 + index)
}

/** Why `word` cannot be scored or trained on, or null when it is a-z only and short enough. */
export function wordProblem(word: string, maxLength: number): string | null {
  if (word.length === 0) return 'an empty word has no letters to score'
  if (!/^[a-z]+$/.test(word)) {
    const lower = word.toLowerCase()
    const hint = /^[a-z]+$/.test(lower) ? ` (the model knows lower-case letters only: try '${lower}')` : ''
    return `'${word}' has characters outside a-z${hint}`
  }
  if (word.length > maxLength) return `'${word}' has ${word.length} letters; this model handles at most ${maxLength}`
  return null
}

/** Letter indices of `words`, each padded with spaces: [words.length, maxLength + 1] row-major. */
export function encodeWords(words: readonly string[], maxLength: number): Int32Array {
  const length = maxLength + 1
  const out = new Int32Array(words.length * length)
  words.forEach((word, i) => {
    const problem = wordProblem(word, maxLength)
    if (problem) throw new RangeError(problem)
    for (let j = 0; j < word.length; j++) out[i * length + j] = word.charCodeAt(j) - 96
  })
  return out
}
