/**
 * Turning text into training words (pure). Two readers, as the seed and the spec have them:
 *   seedWords:  the seed's IMDb cleaning: lower-case, delete every character outside a-z inside
 *               a whitespace-separated token ("don't" -> "dont", "<br />" -> "br"), drop empties
 *   plainWords: any text: lower-case, accents removed, split on every non-letter
 *               ("don't" -> "don", "t"; "naïve" -> "naive")
 * Then keepWords drops words longer than maxLength (the seed keeps at most 19 letters).
 */

export function seedWords(text: string): string[] {
  const words: string[] = []
  for (const token of text.toLowerCase().split(/\s+/)) {
    const word = token.replace(/[^a-z]/g, '')
    if (word) words.push(word)
  }
  return words
}

export function plainWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0)
}

/** Words of 1..maxLength letters a-z, in order, and how many were dropped as longer. */
export function keepWords(words: readonly string[], maxLength: number): { words: string[]; tooLong: number } {
  const kept = words.filter((w) => w.length > 0 && w.length <= maxLength && /^[a-z]+$/.test(w))
  return { words: kept, tooLong: words.filter((w) => w.length > maxLength).length }
}
