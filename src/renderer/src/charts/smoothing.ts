/**
 * Debiased exponential moving average, as TensorBoard computes it since its fix for the bias toward
 * the first point (and toward 0):
 *
 *   last     = last * w + (1 - w) * v
 *   debias   = 1 - w^k          (k = number of finite values folded in so far)
 *   smoothed = last / debias
 *
 * A NaN or ±Infinity value is passed through as is (it is plotted as a gap / skipped) and is not
 * folded into the average, so one bad point does not poison the rest of the curve. With all values
 * finite, k is the 1-based index i + 1 of the point.
 *
 * Always run on the FULL series: down-sampling happens afterwards, for display only.
 */

/** Largest weight accepted: w = 1 would never move (and divide by zero in the debias). */
export const MAX_SMOOTHING = 0.999

export interface EmaState {
  /** Biased running average. */
  last: number
  /** w^k for the k finite values folded in so far (1 before the first). */
  weightPow: number
}

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0
  return Math.min(weight, MAX_SMOOTHING)
}

export function emaStart(): EmaState {
  return { last: 0, weightPow: 1 }
}

/** Something indexable to write smoothed values into (a Float64Array, or a plain array). */
export type NumberSink = { [index: number]: number }

/**
 * Smooths `values[from..]` into `out[from..]`, continuing from `state`, which it updates: points
 * appended to a series cost only their own work.
 */
export function smoothInto(values: ArrayLike<number>, from: number, weight: number, state: EmaState, out: NumberSink): void {
  const w = clampWeight(weight)
  const keep = 1 - w
  let last = state.last
  let pow = state.weightPow
  const n = values.length
  for (let i = from; i < n; i++) {
    const v = values[i]
    if (v - v !== 0) {
      // NaN or ±Infinity: shown as is, not folded in.
      out[i] = v
      continue
    }
    last = last * w + keep * v
    pow *= w
    out[i] = last / (1 - pow)
  }
  state.last = last
  state.weightPow = pow
}

/** The smoothed copy of a whole series. Weight 0 returns the values unchanged. */
export function smooth(values: ArrayLike<number>, weight: number): number[] {
  const out = new Float64Array(values.length)
  smoothInto(values, 0, weight, emaStart(), out)
  return Array.from(out)
}
