import { describe, expect, it } from 'vitest'
import { axisExtent, displayData, frameOption, legendRows, RAW_OPACITY, screenLegend } from '../../../src/renderer/src/charts/chartOption'
import { SeriesCache } from '../../../src/renderer/src/charts/seriesCache'
import type { MetricPoint } from '../../../src/shared/api'

const pts = (from: number, to: number): MetricPoint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ step: from + i, epoch: 1, time: 0, value: Math.sin(i) }))

describe('chart option', () => {
  it('draws a faint raw line under the smoothed line, same colour; only raw lines without smoothing', () => {
    const cache = new SeriesCache()
    cache.sync([{ key: 'a', label: 'A', color: '#0072B2', points: pts(1, 10) }], 'step', 0.6)
    const on = frameOption({ title: 'loss', xKind: 'step', list: cache.list, smoothingOn: true, legend: 'plain' })
    const series = on.series as { id: string; z: number; lineStyle: { color: string } }[]
    expect(series.map((s) => s.id.split('\u0000')[1])).toEqual(['smooth', 'raw'])
    expect(series[0].lineStyle.color).toBe('#0072B2')
    expect(series[1].lineStyle.color).toBe(`rgba(0, 114, 178, ${RAW_OPACITY})`)
    expect(series[1].z).toBeLessThan(series[0].z)
    expect(on.animation).toBe(false)
    const off = frameOption({ title: 'loss', xKind: 'step', list: cache.list, smoothingOn: false, legend: 'plain' })
    const offSeries = off.series as { id: string; lineStyle: { color: string } }[]
    expect(offSeries.length).toBe(1)
    expect(offSeries[0].lineStyle.color).toBe('#0072B2')
  })

  it('starts the x axis at 0 when the data starts near it', () => {
    const cache = new SeriesCache()
    cache.sync([{ key: 'a', label: 'A', points: pts(1, 500) }], 'step', 0)
    expect(axisExtent(cache.list)).toEqual([0, 500])
    cache.sync([{ key: 'a', label: 'A', points: pts(400, 500) }], 'step', 0)
    expect(axisExtent(cache.list)).toEqual([400, 500])
  })

  it('starts wall time at 0, each run from its own start, however late the first point came', () => {
    const cache = new SeriesCache()
    const t0 = 1_700_000_000_000
    // Two runs started hours apart; their first points 40 s and 55 s after their own starts.
    const at = (start: number, seconds: number[]): MetricPoint[] => seconds.map((s, i) => ({ step: i + 1, epoch: 1, time: start + s * 1000, value: i }))
    cache.sync(
      [
        { key: 'a', label: 'A', points: at(t0, [40, 50, 60]), startTime: t0 },
        { key: 'b', label: 'B', points: at(t0 + 3_600_000, [55, 70]), startTime: t0 + 3_600_000 },
      ],
      'time',
      0,
    )
    expect(Array.from(cache.list[0].xs)).toEqual([40, 50, 60])
    expect(Array.from(cache.list[1].xs)).toEqual([55, 70])
    expect(axisExtent(cache.list, 'time')).toEqual([0, 70])
    // Other axes keep their rule: a range far from 0 is shown as it is.
    expect(axisExtent(cache.list, 'step')).toEqual([40, 70])
  })

  it('flattens the displayed points as [x, y, x, y, ...]', () => {
    const xs = new Float64Array([1, 2, 3])
    const ys = new Float64Array([5, NaN, 7])
    expect(Array.from(displayData(xs, ys, { xMin: 1, xMax: 3, width: 100 }))).toEqual([1, 5, 3, 7])
  })

  it('wraps the legend while it fits in a few rows, else scrolls', () => {
    const few = ['run a', 'run b']
    expect(legendRows(few, 600)).toBe(1)
    expect(screenLegend(few, 600).mode).toBe('plain')
    const many = Array.from({ length: 35 }, (_, i) => `a fairly long run name ${i} · lr=0.001`)
    expect(legendRows(many, 600)).toBeGreaterThan(3)
    expect(screenLegend(many, 600).mode).toBe('scroll')
    // One curve: no legend on screen, the plot starts higher.
    const one = screenLegend(['run a'], 600)
    expect(one.mode).toBe('hidden')
    expect(one.gridTop).toBeLessThan(screenLegend(few, 600).gridTop)
  })
})
