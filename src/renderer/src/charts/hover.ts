import { upperBound } from './downsample'

/** Index of the last point with xs[i] <= x (binary search); -1 when x is before the first point. */
export function indexAtOrBefore(xs: ArrayLike<number>, x: number): number {
  return upperBound(xs, x) - 1
}

export interface HoverSeries {
  key: string
  label: string
  color: string
  xs: ArrayLike<number>
  raw: ArrayLike<number>
  /** Null when the chart shows raw values only. */
  smoothed: ArrayLike<number> | null
}

export interface HoverValue {
  key: string
  label: string
  color: string
  /** Index of the point used, -1 when the series has none at or before x. */
  index: number
  /** x of that point (NaN when none). */
  x: number
  raw: number
  smoothed: number
}

/** The value of every series at x: its nearest point at or before x (full data, not the displayed sample). */
export function valuesAt(series: readonly HoverSeries[], x: number): HoverValue[] {
  return series.map((s) => {
    const index = indexAtOrBefore(s.xs, x)
    if (index < 0) return { key: s.key, label: s.label, color: s.color, index, x: NaN, raw: NaN, smoothed: NaN }
    const raw = s.raw[index]
    return {
      key: s.key,
      label: s.label,
      color: s.color,
      index,
      x: s.xs[index],
      raw,
      smoothed: s.smoothed ? s.smoothed[index] : raw,
    }
  })
}
