/**
 * Down-sampling for display only (smoothing is computed before, on every point).
 *
 * Min/max per pixel column: the visible x range is cut into `width` equal buckets (one per pixel
 * column); in each bucket the point with the smallest and the one with the largest y are kept, in
 * their original order, so a spike or a dip is never lost and the drawn envelope is the same as
 * with every point. The first and last points of the range are always kept, plus one point on each
 * side outside the range so the line runs to the plot's edges. When the range holds fewer than
 * `factor * width` points (default 2x) every point is kept.
 *
 * Points whose y is NaN or ±Infinity are left out (they cannot be placed on a linear axis).
 * `xs` must be sorted ascending (steps, epochs and samples always are).
 */

/** First index with xs[i] >= x (xs.length when none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index with xs[i] > x (xs.length when none). */
export function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface DownsampleOptions {
  /** Visible x range; the whole series when left out. */
  xMin?: number
  xMax?: number
  /** Plot width in pixels = number of buckets. */
  width: number
  /** Keep every point while the range holds at most factor * width of them (default 2). */
  factor?: number
}

/**
 * The inclusive index range [first, last] drawn for the x range: the points inside, plus one on
 * each side. [0, -1] when the series is empty.
 */
export function visibleIndexRange(xs: ArrayLike<number>, xMin: number, xMax: number): [number, number] {
  const n = xs.length
  if (n === 0) return [0, -1]
  const first = Math.max(0, lowerBound(xs, xMin) - 1)
  const last = Math.min(n - 1, upperBound(xs, xMax))
  return [first, last]
}

/** Bucket (pixel column) of x for a range cut into `buckets` columns. */
export function bucketOf(x: number, xMin: number, xMax: number, buckets: number): number {
  if (!(xMax > xMin)) return 0
  // Same arithmetic as downsampleMinMax, so both agree on points that fall on a boundary.
  const b = Math.floor((x - xMin) * (buckets / (xMax - xMin)))
  return b < 0 ? 0 : b >= buckets ? buckets - 1 : b
}

/**
 * Indices (ascending) of the points to draw. At most 2 * width + 2 of them when down-sampled.
 */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, options: DownsampleOptions): number[] {
  const n = Math.min(xs.length, ys.length)
  const out: number[] = []
  if (n === 0) return out
  const xMin = options.xMin ?? xs[0]
  const xMax = options.xMax ?? xs[n - 1]
  const buckets = Math.max(1, Math.floor(options.width))
  const factor = options.factor ?? 2
  const range = visibleIndexRange(xs, xMin, xMax)
  const first = range[0]
  const last = Math.min(range[1], n - 1)

  if (last - first + 1 <= factor * buckets) {
    for (let i = first; i <= last; i++) {
      const y = ys[i]
      if (y - y === 0) out.push(i)
    }
    return out
  }

  // The edge points (first/last, which may lie outside the range) are kept as they are; buckets
  // cover the points strictly between them. (y - y === 0 is false exactly for NaN and ±Infinity.)
  const y0 = ys[first]
  if (y0 - y0 === 0) out.push(first)
  const span = xMax - xMin
  const scale = span > 0 ? buckets / span : 0
  const top = buckets - 1
  let bucket = -1
  let minI = -1
  let maxI = -1
  let minY = 0
  let maxY = 0
  for (let i = first + 1; i < last; i++) {
    const y = ys[i]
    if (y - y !== 0) continue
    let b = Math.floor((xs[i] - xMin) * scale)
    if (b < 0) b = 0
    else if (b > top) b = top
    if (b !== bucket) {
      if (minI >= 0) {
        if (minI < maxI) out.push(minI, maxI)
        else if (minI > maxI) out.push(maxI, minI)
        else out.push(minI)
      }
      bucket = b
      minI = maxI = i
      minY = maxY = y
    } else if (y < minY) {
      minY = y
      minI = i
    } else if (y > maxY) {
      maxY = y
      maxI = i
    }
  }
  if (minI >= 0) {
    if (minI < maxI) out.push(minI, maxI)
    else if (minI > maxI) out.push(maxI, minI)
    else out.push(minI)
  }
  const yl = ys[last]
  if (last > first && yl - yl === 0) out.push(last)
  return out
}
