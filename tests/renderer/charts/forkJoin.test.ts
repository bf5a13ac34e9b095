// @vitest-environment happy-dom
/**
 * Compare draws a forked run continuing its parent's curve from the fork's step: the child's
 * series begins with the parent's point at the fork, and on the wall-time axis the child's points
 * follow the parent's time up to the fork. Expected values are worked out by hand below.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { describe, expect, it } from 'vitest'
import type { MetricPoint, RunDetail } from '../../../src/shared/api'
import { setApi } from '../../../src/renderer/src/api'
import { forkJoin } from '../../../src/renderer/src/charts/compare'
import { xValues } from '../../../src/renderer/src/charts/xAxis'
import { useCompareRuns, type CompareChart } from '../../../src/renderer/src/components/chart/useCompareRuns'
import { fakeApi, makeDetail } from '../fakeApi'

const T0 = Date.parse('2024-01-01T00:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

// Parent: started at T0, steps 1..8 one second apart (step s at T0 + s s), 4 steps an epoch.
const parentPoints: MetricPoint[] = Array.from({ length: 8 }, (_, i) => ({ step: i + 1, epoch: i < 4 ? 1 : 2, time: T0 + (i + 1) * 1000, value: 1 / (i + 1) }))
// Child: forked at epoch-0001 (step 4), started an hour later, steps 5..8 two seconds apart.
const C0 = T0 + 3_600_000
const childPoints: MetricPoint[] = [5, 6, 7, 8].map((step, i) => ({ step, epoch: 2, time: C0 + (i + 1) * 2000, value: 0.3 - i * 0.01 }))

const parent = makeDetail({ id: 'p', name: 'parent', startedAt: iso(T0), createdAt: iso(T0), totalSteps: 8, totalEpochs: 2, metricNames: ['loss'] })
const child = makeDetail({
  id: 'c',
  name: 'child',
  startedAt: iso(C0),
  createdAt: iso(C0),
  totalSteps: 8,
  totalEpochs: 2,
  metricNames: ['loss'],
  parent: { runId: 'p', checkpoint: 'epoch-0001', step: 4, epoch: 1 },
}) as RunDetail

describe('forkJoin', () => {
  it("puts the parent's point at the fork first and continues the wall time from it", () => {
    const join = forkJoin(child, childPoints, parent, parentPoints)!
    expect(join.point).toEqual({ step: 4, epoch: 1, time: C0, value: 1 / 4 })
    const curve = [join.point, ...childPoints]
    expect(xValues(curve, 'step')).toEqual([4, 5, 6, 7, 8])
    // The parent reached step 4 at 4 s; the child's points come 2, 4, 6, 8 s after its start.
    expect(xValues(curve, 'time', { startTime: join.startTime })).toEqual([4, 6, 8, 10, 12])
    expect(xValues(curve, 'epoch', { stepsPerEpoch: 4 })).toEqual([1, 1.25, 1.5, 1.75, 2])
  })

  it('is null for a run that is not a fork of the parent shown', () => {
    expect(forkJoin(parent, parentPoints, child, childPoints)).toBeNull()
    expect(forkJoin(child, childPoints, { ...parent, id: 'other' }, parentPoints)).toBeNull()
    expect(forkJoin(child, childPoints, parent, parentPoints.slice(5))).toBeNull()
  })
})

describe('Compare series of a parent and its fork', () => {
  it("the child's series starts at the fork and grows live", async () => {
    const api = fakeApi({
      getRun: async (id: string) => (id === 'p' ? parent : child),
      readMetric: async (id: string) => (id === 'p' ? parentPoints : childPoints).slice(),
    })
    setApi(api)
    let charts: { value: CompareChart[] } | null = null
    let revisions: Record<string, number> = {}
    mount(
      defineComponent({
        setup() {
          const result = useCompareRuns(ref(['p', 'c']))
          charts = result.charts
          revisions = result.revisions
          return () => h('div')
        },
      }),
    )
    await flushPromises()
    await flushPromises()
    const loss = charts!.value.find((c) => c.metric === 'loss')!
    const [p, c] = loss.series
    expect(p.points.map((q) => q.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(c.points.map((q) => q.step)).toEqual([4, 5, 6, 7, 8])
    expect(c.points[0].value).toBe(1 / 4)
    expect(xValues(c.points, 'time', { startTime: c.startTime })).toEqual([4, 6, 8, 10, 12])
    api.emit({ type: 'metrics', runId: 'c', name: 'loss', points: [{ step: 9, epoch: 3, time: C0 + 10_000, value: 0.2 }] })
    expect(revisions.loss).toBe(1)
    expect(c.points.map((q) => q.step)).toEqual([4, 5, 6, 7, 8, 9])
  })
})
