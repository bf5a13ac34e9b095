import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../../src/shared/api'
import { SeriesCache, uniqueLabels } from '../../../src/renderer/src/charts/seriesCache'
import { smooth } from '../../../src/renderer/src/charts/smoothing'
import type { ChartSeries } from '../../../src/renderer/src/charts/types'
import { xValues } from '../../../src/renderer/src/charts/xAxis'

function points(from: number, to: number): MetricPoint[] {
  const out: MetricPoint[] = []
  for (let step = from; step <= to; step++) out.push({ step, epoch: Math.ceil(step / 10), time: 5000 + step * 100, value: Math.cos(step) + 1 / step })
  return out
}

describe('SeriesCache', () => {
  it('prepares x, raw and smoothed values', () => {
    const cache = new SeriesCache()
    const pts = points(1, 50)
    const r = cache.sync([{ key: 'a', label: 'A', points: pts }], 'step', 0.6)
    expect(r).toEqual({ dataChanged: true, structureChanged: true })
    const s = cache.list[0]
    expect(Array.from(s.xs)).toEqual(pts.map((p) => p.step))
    expect(Array.from(s.raw)).toEqual(pts.map((p) => p.value))
    expect(Array.from(s.smoothed ?? [])).toEqual(smooth(s.raw, 0.6))
    expect(s.color).toBe('#0072B2')
    expect(cache.totalPoints).toBe(50)
  })

  it('continues incrementally when points are appended in place', () => {
    const cache = new SeriesCache()
    const pts = points(1, 30)
    const series: ChartSeries[] = [{ key: 'a', label: 'A', points: pts, startTime: 5000, stepsPerEpoch: 10 }]
    for (const kind of ['step', 'time', 'epoch', 'samples'] as const) {
      cache.sync(series, kind, 0.9)
      const version = cache.list[0].version
      expect(cache.sync(series, kind, 0.9)).toEqual({ dataChanged: false, structureChanged: false })
      expect(cache.list[0].version).toBe(version)
      pts.push(...points(pts.length + 1, pts.length + 7))
      expect(cache.sync(series, kind, 0.9)).toEqual({ dataChanged: true, structureChanged: false })
      const s = cache.list[0]
      expect(s.count).toBe(pts.length)
      expect(Array.from(s.xs)).toEqual(xValues(pts, kind, { startTime: 5000, stepsPerEpoch: 10 }))
      expect(Array.from(s.smoothed ?? [])).toEqual(smooth(pts.map((p) => p.value), 0.9))
    }
  })

  it('recomputes when the points were replaced, not appended (a resumed run redoing steps)', () => {
    const cache = new SeriesCache()
    const pts = points(1, 40)
    cache.sync([{ key: 'a', label: 'A', points: pts }], 'step', 0.5)
    pts.splice(30)
    pts.push(...points(31, 45).map((p) => ({ ...p, value: p.value + 10 })))
    cache.sync([{ key: 'a', label: 'A', points: pts }], 'step', 0.5)
    expect(Array.from(cache.list[0].raw)).toEqual(pts.map((p) => p.value))
    expect(Array.from(cache.list[0].smoothed ?? [])).toEqual(smooth(pts.map((p) => p.value), 0.5))
  })

  it('re-smooths on a smoothing change; smoothing 0 has no smoothed line', () => {
    const cache = new SeriesCache()
    const series = [{ key: 'a', label: 'A', points: points(1, 20) }]
    cache.sync(series, 'step', 0.3)
    expect(cache.sync(series, 'step', 0.8).dataChanged).toBe(true)
    expect(Array.from(cache.list[0].smoothed ?? [])).toEqual(smooth(cache.list[0].raw, 0.8))
    const r = cache.sync(series, 'step', 0)
    expect(r.structureChanged).toBe(true)
    expect(cache.list[0].smoothed).toBeNull()
  })

  it('notices series added, removed, reordered or relabelled', () => {
    const cache = new SeriesCache()
    const a = { key: 'a', label: 'A', points: points(1, 5) }
    const b = { key: 'b', label: 'B', points: points(1, 5) }
    cache.sync([a], 'step', 0)
    expect(cache.sync([a, b], 'step', 0).structureChanged).toBe(true)
    expect(cache.sync([b, a], 'step', 0).structureChanged).toBe(true)
    expect(cache.sync([b, a], 'step', 0).structureChanged).toBe(false)
    expect(cache.sync([b, { ...a, label: 'A2' }], 'step', 0).structureChanged).toBe(true)
    expect(cache.sync([b], 'step', 0).structureChanged).toBe(true)
    expect(cache.list.map((s) => s.key)).toEqual(['b'])
  })

  it('makes legend labels unique', () => {
    expect(uniqueLabels(['a', 'b', 'a', 'a (2)', 'a'])).toEqual(['a', 'b', 'a (3)', 'a (2)', 'a (4)'])
  })
})
