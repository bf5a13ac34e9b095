/**
 * Series colours: the Okabe–Ito palette (designed to stay distinguishable for the common forms of
 * colour blindness), in an order that puts the calmest, most distinct hues first. Its yellow is
 * dropped (unreadable on white) and black softened to a mid grey that reads on both themes. Past eight curves, the Tableau 10
 * hues that are not already close to one above, then the whole list repeats.
 */
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#7F7F7F', // mid grey (readable on the light and the dark theme)
  '#B8A200', // dark yellow (Okabe–Ito yellow, darkened for a white background)
  '#9C755F', // Tableau brown
  '#76B7B2', // Tableau teal
  '#B07AA1', // Tableau purple
  '#59A14F', // Tableau green
]

/** The colour of the series at `index` (0-based), stable for a given index. */
export function seriesColor(index: number): string {
  const i = Math.abs(Math.trunc(index)) % PALETTE.length
  return PALETTE[i]
}

/** `#rrggbb` (or `#rgb`) with an alpha, as `rgba(...)`; anything else is returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  let hex = color.trim()
  if (/^#[0-9a-f]{3}$/i.test(hex)) hex = '#' + [...hex.slice(1)].map((c) => c + c).join('')
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return color
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}
