import type { MetricPoint } from '../../../shared/api'
import { seriesColor } from './colors'
import { clampWeight, emaStart, smoothInto, type EmaState } from './smoothing'
import type { ChartSeries, XAxisKind } from './types'
import { xValuesInto, type XContext } from './xAxis'

/**
 * What a chart keeps per series between renders: x, raw and smoothed values of every point.
 * `sync` brings it up to date with the props: points appended in place cost only their own work
 * (x and the moving average continue from where they were); anything else (another array, points
 * replaced or removed, another x axis or smoothing) recomputes that one series.
 */
export interface PreparedSeries {
  key: string
  label: string
  color: string
  points: MetricPoint[]
  /** Points processed so far, and the last of them (to notice an array changed other than by appends). */
  count: number
  lastPoint: MetricPoint | undefined
  /** Views of the first `count` values of growable buffers (replaced when they grow). */
  xs: Float64Array
  raw: Float64Array
  /** Null when smoothing is 0. */
  smoothed: Float64Array | null
  xBuf: Float64Array
  rawBuf: Float64Array
  smoothBuf: Float64Array | null
  ema: EmaState
  weight: number
  xKind: XAxisKind
  xContext: XContext
  /** Bumped whenever the data changed (the displayed sample must be recomputed). */
  version: number
  /** Bumped when x or the raw values changed / when the smoothed values changed. */
  rawVersion: number
  smoothVersion: number
}

export interface SyncResult {
  /** Some series' data changed (or a series came or went). */
  dataChanged: boolean
  /** The list of series, their labels or colours, or whether there is a smoothed line changed. */
  structureChanged: boolean
}

function sameContext(a: XContext, b: XContext): boolean {
  return a.samplesPerStep === b.samplesPerStep && a.startTime === b.startTime && a.stepsPerEpoch === b.stepsPerEpoch
}

/** Legend names must be unique (ECharts toggles series by name): repeated labels get ` (2)`, ` (3)`... */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>()
  const used = new Set(labels)
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1
    seen.set(label, n)
    if (n === 1) return label
    let k = n
    let candidate = `${label} (${k})`
    while (used.has(candidate)) candidate = `${label} (${++k})`
    used.add(candidate)
    return candidate
  })
}

export class SeriesCache {
  list: PreparedSeries[] = []
  private byKey = new Map<string, PreparedSeries>()

  get totalPoints(): number {
    let n = 0
    for (const s of this.list) n += s.count
    return n
  }

  sync(series: readonly ChartSeries[], xKind: XAxisKind, smoothing: number): SyncResult {
    const weight = clampWeight(smoothing)
    let dataChanged = false
    let structureChanged = series.length !== this.list.length
    const labels = uniqueLabels(series.map((s) => s.label))
    const next: PreparedSeries[] = []
    const nextByKey = new Map<string, PreparedSeries>()
    series.forEach((s, index) => {
      const color = s.color ?? seriesColor(index)
      const xContext: XContext = { samplesPerStep: s.samplesPerStep, startTime: s.startTime, stepsPerEpoch: s.stepsPerEpoch }
      let p = this.byKey.get(s.key)
      if (!p || nextByKey.has(s.key)) {
        p = {
          key: s.key,
          label: labels[index],
          color,
          points: s.points,
          count: 0,
          lastPoint: undefined,
          xs: EMPTY,
          raw: EMPTY,
          smoothed: null,
          xBuf: EMPTY,
          rawBuf: EMPTY,
          smoothBuf: null,
          ema: emaStart(),
          weight,
          xKind,
          xContext,
          version: 0,
          rawVersion: 0,
          smoothVersion: 0,
        }
        recompute(p)
        dataChanged = true
        structureChanged = true
      } else {
        if (this.list[index] !== p) structureChanged = true
        if (p.label !== labels[index] || p.color !== color) {
          p.label = labels[index]
          p.color = color
          structureChanged = true
        }
        if ((p.smoothed === null) !== (weight === 0)) structureChanged = true
        const pts = s.points
        const appendedOnly =
          pts === p.points &&
          pts.length >= p.count &&
          (p.count === 0 || pts[p.count - 1] === p.lastPoint) &&
          p.xKind === xKind &&
          sameContext(p.xContext, xContext)
        if (!appendedOnly) {
          p.points = pts
          p.xKind = xKind
          p.xContext = xContext
          p.weight = weight
          recompute(p)
          dataChanged = true
        } else {
          if (p.weight !== weight) {
            p.weight = weight
            resmooth(p)
            dataChanged = true
          }
          if (pts.length > p.count) {
            append(p)
            dataChanged = true
          }
        }
      }
      next.push(p)
      nextByKey.set(s.key, p)
    })
    if (nextByKey.size !== this.byKey.size) structureChanged = true
    this.list = next
    this.byKey = nextByKey
    return { dataChanged: dataChanged || structureChanged, structureChanged }
  }
}

const EMPTY = new Float64Array(0)

/** A buffer holding at least `n` values, keeping the first `keep` (grows by doubling). */
function ensure(buf: Float64Array, n: number, keep: number): Float64Array {
  if (buf.length >= n) return buf
  const next = new Float64Array(Math.max(n, Math.ceil(buf.length * 1.5), 256))
  if (keep > 0) next.set(buf.subarray(0, keep))
  return next
}

function views(p: PreparedSeries): void {
  p.xs = p.xBuf.subarray(0, p.count)
  p.raw = p.rawBuf.subarray(0, p.count)
  p.smoothed = p.smoothBuf ? p.smoothBuf.subarray(0, p.count) : null
}

function recompute(p: PreparedSeries): void {
  const pts = p.points
  const n = pts.length
  p.count = n
  p.lastPoint = pts[n - 1]
  // Exact size first: a series that grows live gets slack on its first append.
  p.xBuf = p.xBuf.length >= n && p.xBuf.length <= 2 * n + 256 ? p.xBuf : new Float64Array(n)
  p.rawBuf = p.rawBuf.length >= n && p.rawBuf.length <= 2 * n + 256 ? p.rawBuf : new Float64Array(n)
  xValuesInto(pts, 0, p.xKind, p.xContext, p.xBuf)
  const raw = p.rawBuf
  for (let i = 0; i < n; i++) raw[i] = pts[i].value
  p.rawVersion++
  resmooth(p)
}

function resmooth(p: PreparedSeries): void {
  p.ema = emaStart()
  if (p.weight === 0) {
    p.smoothBuf = null
  } else {
    const n = p.count
    p.smoothBuf = p.smoothBuf && p.smoothBuf.length >= p.rawBuf.length ? p.smoothBuf : new Float64Array(p.rawBuf.length)
    smoothInto(p.rawBuf.subarray(0, n), 0, p.weight, p.ema, p.smoothBuf)
  }
  views(p)
  p.smoothVersion++
  p.version++
}

function append(p: PreparedSeries): void {
  const pts = p.points
  const from = p.count
  const n = pts.length
  p.xBuf = ensure(p.xBuf, n, from)
  p.rawBuf = ensure(p.rawBuf, n, from)
  const raw = p.rawBuf
  for (let i = from; i < n; i++) raw[i] = pts[i].value
  // The position within the last epoch depends on the points after it: redo x (O(n), cheap).
  xValuesInto(pts, p.xKind === 'epoch' ? 0 : from, p.xKind, p.xContext, p.xBuf)
  if (p.smoothBuf) {
    p.smoothBuf = ensure(p.smoothBuf, p.rawBuf.length, from)
    smoothInto(p.rawBuf.subarray(0, n), from, p.weight, p.ema, p.smoothBuf)
  }
  p.count = n
  p.lastPoint = pts[n - 1]
  views(p)
  p.rawVersion++
  p.smoothVersion++
  p.version++
}
