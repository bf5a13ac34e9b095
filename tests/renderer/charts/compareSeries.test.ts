import { describe, expect, it } from 'vitest'
import type { MetricPoint, RunDetail } from '../../../src/shared/api'
import { compareCharts, legendItems, type CompareRunCurves } from '../../../src/renderer/src/charts/compareSeries'

function run(id: string, name: string, lr: number): RunDetail {
  return {
    id,
    name,
    seed: 1,
    experiment: 'x',
    createdAt: '2024-01-01T00:00:00.000Z',
    startedAt: '2024-01-01T00:00:10.000Z',
    totalSteps: 100,
    totalEpochs: 4,
    params: { config: { lr, batch: 16 } },
  } as unknown as RunDetail
}

const points = (n: number): MetricPoint[] => Array.from({ length: n }, (_, i) => ({ step: i + 1, epoch: 1, time: Date.parse('2024-01-01T00:00:20.000Z') + i * 1000, value: i }))

function curves(entries: Record<string, MetricPoint[]>): Map<string, MetricPoint[]> {
  return new Map(Object.entries(entries))
}

describe('Compare series', () => {
  const a: CompareRunCurves = { id: 'a', run: run('a', 'base', 0.1), color: '#111111', curves: curves({ val_loss: points(2), loss: points(5) }) }
  const b: CompareRunCurves = { id: 'b', run: run('b', 'fast', 0.3), color: '#222222', curves: curves({ loss: points(3), zeta: points(1) }) }
  const loading: CompareRunCurves = { id: 'c', run: run('c', 'loading', 0.1), color: '#333333', curves: undefined }

  it('draws one chart per metric any run has, in reading order, one series per run that has it', () => {
    const charts = compareCharts([a, b, loading], ['lr'], new Set())
    expect(charts.map((c) => c.metric)).toEqual(['loss', 'val_loss', 'zeta'])
    const loss = charts[0].series
    expect(loss.map((s) => s.key)).toEqual(['a:loss', 'b:loss'])
    expect(loss.map((s) => s.label)).toEqual(['base · lr=0.1', 'fast · lr=0.3'])
    expect(loss.map((s) => s.color)).toEqual(['#111111', '#222222'])
    // The same arrays, not copies: live points appended to them reach the chart.
    expect(loss[0].points).toBe(a.curves!.get('loss'))
    expect(loss[0].samplesPerStep).toBe(16)
    expect(loss[0].stepsPerEpoch).toBe(25)
    expect(loss[0].startTime).toBe(Date.parse('2024-01-01T00:00:10.000Z'))
  })

  it('leaves a hidden run out of every chart, keeping the charts themselves', () => {
    const charts = compareCharts([a, b], [], new Set(['b']))
    expect(charts.map((c) => c.metric)).toEqual(['loss', 'val_loss', 'zeta'])
    for (const c of charts) expect(c.series.every((s) => !s.key.startsWith('b:'))).toBe(true)
    expect(charts[2].series).toEqual([])
  })

  it('lists every run in the legend with its colour and whether it is hidden', () => {
    expect(legendItems([a, b], ['lr'], new Set(['a']))).toEqual([
      { id: 'a', label: 'base · lr=0.1', color: '#111111', hidden: true },
      { id: 'b', label: 'fast · lr=0.3', color: '#222222', hidden: false },
    ])
  })
})
