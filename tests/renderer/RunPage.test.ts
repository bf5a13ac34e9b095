// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { defineComponent, h, isReactive, type PropType } from 'vue'
import type { MetricPoint } from '../../src/shared/api'
import type { ChartSeries } from '../../src/renderer/src/charts/types'
import { setApi } from '../../src/renderer/src/api'
import RunPage from '../../src/renderer/src/pages/RunPage.vue'
import { fakeApi, flushPromises, makeDetail, testRouter, type FakeApi } from './fakeApi'

/** Stands in for the ECharts component: records what it is given. */
const MetricChartStub = defineComponent({
  name: 'MetricChart',
  props: {
    title: { type: String, required: true },
    series: { type: Array as PropType<ChartSeries[]>, required: true },
    xAxis: { type: String, required: true },
    smoothing: { type: Number, required: true },
    revision: { type: Number, default: 0 },
    height: { type: Number, default: 320 },
  },
  setup(props) {
    return () =>
      h('div', {
        class: 'chart-stub',
        'data-title': props.title,
        'data-points': props.series[0]?.points.length,
        'data-revision': props.revision,
        'data-x-axis': props.xAxis,
      })
  },
})

function points(n: number, offset = 0): MetricPoint[] {
  return Array.from({ length: n }, (_, i) => ({ step: offset + i + 1, epoch: 1, time: 1000 + offset + i, value: 1 / (offset + i + 1) }))
}

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

function runningApi(): FakeApi {
  return fakeApi({
    getRun: async (id: string) =>
      makeDetail({
        id,
        name: 'shapes run',
        status: 'running',
        step: 30,
        totalSteps: 120,
        totalEpochs: 4,
        endedAt: null,
        metricNames: ['accuracy', 'loss'],
        artifacts: ['samples/confusion.jsonl', 'samples/predictions.jsonl', 'samples/words.jsonl'],
        checkpoints: [{ name: 'epoch-1', step: 30, epoch: 1, time: Date.parse('2025-01-01T10:00:30Z') }],
        dataset: { id: 'shapes', fingerprint: 'f00dfeedbeef0123456789', source: 'generated 16px' },
        versions: { 'tfjs-core': '4.22.0', benchtop: '0.1.0' },
      }),
    readMetric: async () => points(30),
    readRunLog: async () => 'starting\nepoch 1 done\n',
    readSamples: async (_id: string, name: string) => {
      if (name === 'confusion') return [{ step: 30, time: 1, value: { classNames: ['circle', 'square'], matrix: [[9, 1], [2, 8]] } }]
      if (name === 'predictions') return [{ step: 30, time: 1, value: { items: [{ index: 0, label: 'circle', predicted: 'circle' }, { index: 1, label: 'square', predicted: 'circle' }] } }]
      return [{ step: 30, time: 1, value: { text: 'hello' } }]
    },
  })
}

async function mountPage(api: FakeApi) {
  setApi(api)
  const router = await testRouter('/runs/r1')
  wrapper = mount(RunPage, { global: { plugins: [createPinia(), router], stubs: { MetricChart: MetricChartStub } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function chart(w: VueWrapper, title: string) {
  return w.get(`.chart-stub[data-title="${title}"]`)
}

describe('RunPage', () => {
  it('draws a chart per metric from readMetric, then appends event points in place', async () => {
    const api = runningApi()
    const w = await mountPage(api)
    expect(api.readMetric).toHaveBeenCalledTimes(2)
    expect(w.findAll('.chart-stub').map((c) => c.attributes('data-title'))).toEqual(['loss', 'accuracy'])
    expect(chart(w, 'loss').attributes('data-points')).toBe('30')
    const stub = w.findAllComponents(MetricChartStub).find((c) => c.props('title') === 'loss')!
    const array = stub.props('series')[0].points
    expect(isReactive(array)).toBe(false)
    const revision = Number(chart(w, 'loss').attributes('data-revision'))

    api.emit({ type: 'metrics', runId: 'r1', name: 'loss', points: points(2, 30) })
    api.emit({ type: 'metrics', runId: 'other', name: 'loss', points: points(5, 30) })
    await flushPromises()
    expect(api.readMetric).toHaveBeenCalledTimes(2)
    expect(chart(w, 'loss').attributes('data-points')).toBe('32')
    expect(Number(chart(w, 'loss').attributes('data-revision'))).toBeGreaterThan(revision)
    // The very same array grew: no new series, no full reload.
    expect(stub.props('series')[0].points).toBe(array)
    expect(chart(w, 'accuracy').attributes('data-points')).toBe('30')
  })

  it('reads a metric that first appears in an event once, then appends', async () => {
    const api = runningApi()
    const w = await mountPage(api)
    api.readMetric.mockImplementation(async () => points(1, 29))
    api.emit({ type: 'metrics', runId: 'r1', name: 'val_loss', points: points(1, 29) })
    await flushPromises()
    expect(api.readMetric).toHaveBeenCalledTimes(3)
    expect(chart(w, 'val_loss').attributes('data-points')).toBe('1')
    api.emit({ type: 'metrics', runId: 'r1', name: 'val_loss', points: points(1, 60) })
    await flushPromises()
    expect(api.readMetric).toHaveBeenCalledTimes(3)
    expect(chart(w, 'val_loss').attributes('data-points')).toBe('2')
    expect(w.findAll('.chart-stub').map((c) => c.attributes('data-title'))).toEqual(['loss', 'accuracy', 'val_loss'])
  })

  it('shows status, progress, config, reproducibility, checkpoints, outputs and log', async () => {
    const w = await mountPage(runningApi())
    expect(w.get('[data-testid="run-status"]').attributes('data-status')).toBe('running')
    expect(w.get('[data-testid="run-progress"]').attributes('data-step')).toBe('30')
    expect(w.get('[data-testid="run-config"]').text()).toContain('batch')
    expect(w.get('[data-testid="run-seed"]').text()).toBe('7')
    expect(w.text()).toContain('f00dfeedbeef0123')
    expect(w.get('[data-testid="run-checkpoints"]').text()).toContain('epoch-1')
    expect(w.get('[data-testid="run-size"]').text()).toBe('123 KB in 7 files on disk')
    const outputs = w.get('[data-testid="run-outputs"]')
    expect(outputs.findAll('[data-testid="confusion-matrix"] tbody td').map((c) => c.text())).toEqual(['9', '1', '2', '8'])
    expect(outputs.get('[data-testid="prediction-thumb"][data-index="1"]').text()).toContain('→ circle')
    expect(outputs.get('[data-sample="words"]').text()).toContain('"text": "hello"')
    expect(w.get('[data-testid="run-log"]').text()).toContain('epoch 1 done')
  })

  it('follows progress, samples and status from events', async () => {
    const api = runningApi()
    const w = await mountPage(api)
    api.emit({ type: 'run-progress', runId: 'r1', step: 45, epoch: 2, totalSteps: 120, totalEpochs: 4, etaMs: 60_000 })
    api.emit({ type: 'sample', runId: 'r1', step: 60, name: 'confusion', value: { classNames: ['circle', 'square'], matrix: [[10, 0], [0, 10]] } })
    await flushPromises()
    expect(w.get('[data-testid="run-progress"]').attributes('data-step')).toBe('45')
    expect(w.get('[data-testid="time-left"]').text()).toContain('left')
    expect(w.findAll('[data-testid="confusion-matrix"] tbody td').map((c) => c.text())).toEqual(['10', '0', '0', '10'])
    const calls = api.getRun.mock.calls.length
    api.getRun.mockImplementation(async (id: string) => makeDetail({ id, status: 'completed', metricNames: ['accuracy', 'loss'] }))
    api.emit({ type: 'run-status', runId: 'r1', status: 'completed', error: null })
    await flushPromises()
    expect(api.getRun.mock.calls.length).toBe(calls + 1)
    expect(w.get('[data-testid="run-status"]').attributes('data-status')).toBe('completed')
    expect(api.readMetric).toHaveBeenCalledTimes(2)
  })

  it('shows why a run failed and offers to run it again', async () => {
    const api = fakeApi({ getRun: async (id: string) => makeDetail({ id, status: 'failed', error: 'out of memory', lastCheckpoint: null }) })
    const w = await mountPage(api)
    expect(w.text()).toContain('out of memory')
    expect(w.get('[data-testid="run-again"]').attributes('href')).toBe('/new?from=r1')
    expect(w.get('[data-testid="run-resume"]').attributes('disabled')).toBeDefined()
  })

  it('shows a readable message when the run cannot be read', async () => {
    const w = await mountPage(
      fakeApi({
        getRun: async () => {
          throw new Error("no run matches 'r1'")
        },
      }),
    )
    expect(w.text()).toContain("no run matches 'r1'")
  })
})
