import type { MetricPoint } from '../../../shared/api'
import type { XAxisKind } from './types'

/**
 * Where a point goes on the x axis.
 *
 * - `step`: the optimiser step.
 * - `samples`: step * samplesPerStep (the batch size); when a run's last batch of an epoch is
 *   smaller this overcounts by less than one batch per epoch. Without samplesPerStep, the step.
 * - `time`: seconds since the run's start (`point.time - startTime`, in s); without startTime,
 *   since the series' first point.
 * - `epoch`: fractional — `epoch - 1 + position within the epoch`, so the last step of epoch 3 is
 *   at exactly 3.0 and the middle of epoch 3 at 2.5. The position is computed from the steps:
 *   an epoch starts after the last step seen for the previous epoch (for the first epoch of the
 *   series: at (epoch - 1) * stepsPerEpoch when given, else one step before its first point) and is as long as the steps it spans. The last epoch
 *   of a series may still be running, so its length is `stepsPerEpoch` when given (the page passes
 *   totalSteps / totalEpochs), else the previous epoch's length, else what it spans so far.
 *   The same rule puts a per-epoch metric (one point, at the epoch's last step, e.g. val_loss)
 *   at exactly its epoch number, so per-step and per-epoch curves line up.
 */
export interface XContext {
  samplesPerStep?: number
  startTime?: number
  stepsPerEpoch?: number
}

export const X_AXIS_KINDS: readonly XAxisKind[] = ['step', 'epoch', 'samples', 'time']

export function xAxisLabel(kind: XAxisKind): string {
  switch (kind) {
    case 'step':
      return 'Step'
    case 'epoch':
      return 'Epoch'
    case 'samples':
      return 'Samples seen'
    case 'time':
      return 'Wall time'
  }
}

/** Column name of the x value in exported CSV. */
export function xCsvName(kind: XAxisKind): string {
  return kind === 'time' ? 'time_s' : kind
}

/** x of every point, in order. */
export function xValues(points: readonly MetricPoint[], kind: XAxisKind, ctx: XContext = {}): number[] {
  const out = new Float64Array(points.length)
  xValuesInto(points, 0, kind, ctx, out)
  return Array.from(out)
}

/**
 * Writes the x of `points[from..]` into `out[from..]`. For `epoch` the position within the last
 * epoch depends on later points: pass from = 0 to redo the series (it is O(n) and cheap).
 */
export function xValuesInto(points: readonly MetricPoint[], from: number, kind: XAxisKind, ctx: XContext, out: { [i: number]: number }): void {
  const n = points.length
  switch (kind) {
    case 'step':
      for (let i = from; i < n; i++) out[i] = points[i].step
      return
    case 'samples': {
      const k = ctx.samplesPerStep && ctx.samplesPerStep > 0 ? ctx.samplesPerStep : 1
      for (let i = from; i < n; i++) out[i] = points[i].step * k
      return
    }
    case 'time': {
      const t0 = ctx.startTime ?? (n > 0 ? points[0].time : 0)
      for (let i = from; i < n; i++) out[i] = (points[i].time - t0) / 1000
      return
    }
    case 'epoch':
      epochXs(points, ctx.stepsPerEpoch, out)
      return
  }
}

function epochXs(points: readonly MetricPoint[], stepsPerEpoch: number | undefined, out: { [i: number]: number }): void {
  const n = points.length
  const hint = stepsPerEpoch && stepsPerEpoch > 0 ? stepsPerEpoch : 0
  let prevEpoch = NaN
  let prevEnd = NaN
  let prevLength = 0
  let a = 0
  while (a < n) {
    const epoch = points[a].epoch
    let b = a
    while (b + 1 < n && points[b + 1].epoch === epoch) b++
    const end = points[b].step
    let start: number
    if (prevEpoch === epoch - 1 && prevEnd < points[a].step) start = prevEnd
    else if (hint && (epoch - 1) * hint < points[a].step) start = (epoch - 1) * hint
    else start = points[a].step - 1
    const isLast = b === n - 1
    let length = end - start
    if (isLast) length = hint || prevLength || length
    if (!(length > 0)) length = 1
    for (let i = a; i <= b; i++) {
      let pos = (points[i].step - start) / length
      if (pos > 1) pos = 1
      else if (pos < 0) pos = 0
      out[i] = epoch - 1 + pos
    }
    prevEpoch = epoch
    prevEnd = end
    prevLength = end - start
    a = b + 1
  }
}

/** Duration in seconds as `1h 02m`, `3m 05s`, `12.3s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  const sign = seconds < 0 ? '-' : ''
  const s = Math.abs(seconds)
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)}s`
  const total = Math.round(s)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const sec = total % 60
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, '0')}m`
  return `${sign}${m}m ${String(sec).padStart(2, '0')}s`
}

/** Compact number for axis labels and tooltips: 950 / 2.5k / 12.3k / 1.2M / 0.0123. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`
  if (a >= 100) return Math.round(v).toLocaleString('en-US')
  if (a === 0) return '0'
  if (a >= 1e-3) return String(+v.toPrecision(4))
  return v.toExponential(2)
}

/** An x value as the axis kind reads: `step 1,200`, `epoch 2.50`, `3m 05s`. */
export function formatX(kind: XAxisKind, x: number): string {
  switch (kind) {
    case 'step':
      return `step ${Math.round(x).toLocaleString('en-US')}`
    case 'samples':
      return `${Math.round(x).toLocaleString('en-US')} samples`
    case 'epoch':
      return `epoch ${x.toFixed(2)}`
    case 'time':
      return formatDuration(x)
  }
}
