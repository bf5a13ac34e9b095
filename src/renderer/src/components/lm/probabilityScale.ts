/**
 * The colour of a letter by the probability the model gave it: five bands, so the legend says
 * exactly what each colour means. Bands are wider at the low end, where a letter-level model's
 * surprises are (a sure letter is about 0.5 and up; a top-3 draw rarely falls under 0.05).
 */

export interface ProbabilityBand {
  /** Lower bound, inclusive (the first band starts at 0). */
  from: number
  /** Upper bound, exclusive (the last band ends at 1, inclusive). */
  to: number
  label: string
  /** Fill behind the letter and the legend swatch. */
  color: string
}

export const PROBABILITY_BANDS: readonly ProbabilityBand[] = [
  { from: 0, to: 0.05, label: 'below 0.05', color: '#f4b4ab' },
  { from: 0.05, to: 0.2, label: '0.05 – 0.2', color: '#f8cf9f' },
  { from: 0.2, to: 0.4, label: '0.2 – 0.4', color: '#f3e39a' },
  { from: 0.4, to: 0.7, label: '0.4 – 0.7', color: '#c8e4a5' },
  { from: 0.7, to: 1, label: '0.7 and above', color: '#95cf98' },
]

/** Index into PROBABILITY_BANDS of `p` (values outside 0..1 or not numbers are clamped to the ends). */
export function probabilityBand(p: number): number {
  if (!(p > 0)) return 0
  const i = PROBABILITY_BANDS.findIndex((b) => p < b.to)
  return i < 0 ? PROBABILITY_BANDS.length - 1 : i
}

export function probabilityColor(p: number): string {
  return PROBABILITY_BANDS[probabilityBand(p)].color
}

/** Exact enough to compare letters: 4 significant digits, exponent below 0.001. */
export function formatLetterProbability(p: number): string {
  if (!Number.isFinite(p)) return '—'
  if (p === 0) return '0'
  return p < 1e-3 ? p.toExponential(2) : Number(p.toPrecision(4)).toString()
}

/** Tooltip of one letter: its probability, and for a sampled letter the chance it was drawn with. */
export function letterTooltip(letter: { letter: string; p: number; q?: number }): string {
  const drawn = letter.q === undefined ? '' : `; drawn with ${formatLetterProbability(letter.q)} after temperature and top-k`
  return `'${letter.letter}': p = ${formatLetterProbability(letter.p)}${drawn}`
}
