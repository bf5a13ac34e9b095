/**
 * The word table's rows: the seed's test words in the seed's groups, then the user's words, each
 * group's likeliest word marked, and for each misspelling whether its real word scored higher.
 */
import type { LmWordScore } from '../../../../shared/lm/api'
import { SEED_PAIRS, SEED_WORD_GROUPS, SEED_WORDS } from '../../../../shared/lm/seedWords'

export interface WordRow extends LmWordScore {
  /** The likeliest word of its group (groups of two or more words only). */
  best: boolean
  /** For a misspelling in the seed's pairs: its real word, and whether that word scored higher. */
  pair: { realWord: string; right: boolean } | null
}

export interface WordGroup {
  title: string
  /** The user's own words (rows can be removed). */
  own: boolean
  rows: WordRow[]
}

function markBest(rows: WordRow[]): WordRow[] {
  if (rows.length < 2) return rows
  // Log-probabilities: products of 20 probabilities may underflow, their logs do not.
  const best = rows.reduce((a, b) => (b.logProbability > a.logProbability ? b : a))
  return rows.map((r) => ({ ...r, best: r === best }))
}

/** Groups in table order; seed words the model could not score (longer than its maxLength) are left out. */
export function groupScores(scores: readonly LmWordScore[], userWords: readonly string[]): WordGroup[] {
  const byWord = new Map(scores.map((s) => [s.word, s]))
  const row = (word: string): WordRow | null => {
    const score = byWord.get(word)
    if (!score) return null
    const pairOf = SEED_PAIRS.find(([, misspelling]) => misspelling === word)
    const real = pairOf ? byWord.get(pairOf[0]) : undefined
    return { ...score, best: false, pair: real ? { realWord: real.word, right: real.logProbability > score.logProbability } : null }
  }
  const rowsOf = (words: readonly string[]) => words.map(row).filter((r): r is WordRow => r !== null)
  const groups: WordGroup[] = SEED_WORD_GROUPS.map((g) => ({ title: g.stem, own: false, rows: markBest(rowsOf(g.words)) }))
  groups.push({ title: 'Your words', own: true, rows: markBest(rowsOf(userWords)) })
  return groups.filter((g) => g.rows.length > 0 || g.own)
}

/** How many of the seed's pairs the model ranks right (real word above its misspelling). */
export function pairSummary(scores: readonly LmWordScore[]): { right: number; total: number } {
  const logp = new Map(scores.map((s) => [s.word, s.logProbability]))
  const scored = SEED_PAIRS.filter(([a, b]) => logp.has(a) && logp.has(b))
  return { right: scored.filter(([a, b]) => logp.get(a)! > logp.get(b)!).length, total: scored.length }
}

/**
 * Words typed in the box (separated by spaces, commas or new lines), lower-cased; a word with
 * other characters than a-z, longer than the model takes, or already in the table is refused
 * with a message naming it.
 */
export function parseUserWords(text: string, maxLength: number, present: readonly string[]): { words: string[]; problems: string[] } {
  const words: string[] = []
  const problems: string[] = []
  const seen = new Set([...SEED_WORDS, ...present])
  for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
    const word = raw.toLowerCase()
    if (!/^[a-z]+$/.test(word)) problems.push(`'${raw}' has characters outside a-z`)
    else if (word.length > maxLength) problems.push(`'${raw}' has ${word.length} letters; this model takes at most ${maxLength}`)
    else if (seen.has(word)) problems.push(`'${word}' is already in the table`)
    else {
      seen.add(word)
      words.push(word)
    }
  }
  return { words, problems }
}

/** A word probability as the seed prints them: 9.40e-8. */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—'
  return p === 0 ? '0 (underflow)' : p.toExponential(2)
}

export function formatLogProbability(logp: number): string {
  return Number.isFinite(logp) ? logp.toFixed(3) : '—'
}
