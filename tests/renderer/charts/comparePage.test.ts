// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import type { Router } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreListener, MetricPoint, RendererApi, RunDetail, RunStatus } from '../../../src/shared/api'
import { setApi } from '../../../src/renderer/src/api'
import ComparePage from '../../../src/renderer/src/pages/ComparePage.vue'
import { until, useFakeLayout } from './domHelpers'
import { mountRouterView, shapesExperiment } from '../fakeApi'

useFakeLayout(1000, 320)

function run(id: string, name: string, config: Record<string, unknown>, seed: number, status: RunStatus, metricNames: string[]): RunDetail {
  return {
    id,
    name,
    experiment: 'shapes-cnn',
    preset: 'default',
    status,
    createdAt: '2024-01-01T00:00:00.000Z',
    startedAt: '2024-01-01T00:00:00.000Z',
    endedAt: null,
    error: null,
    seed,
    backend: 'cpu',
    versions: {},
    host: null,
    dataset: null,
    step: 100,
    epoch: 2,
    totalSteps: 200,
    totalEpochs: 4,
    ownerPid: null,
    workerPid: null,
    lastCheckpoint: null,
    resumes: 0,
    parent: null,
    latest: {},
    dir: `/runs/${id}`,
    params: { config, seed, data: null, backend: null },
    metricNames,
    checkpoints: [],
    artifacts: [],
  }
}

function curve(n: number, perEpoch = false): MetricPoint[] {
  const out: MetricPoint[] = []
  for (let step = 1; step <= n; step++) {
    if (perEpoch && step % 50 !== 0) continue
    out.push({ step, epoch: Math.ceil(step / 50), time: Date.parse('2024-01-01T00:00:00.000Z') + step * 1000, value: 1 / step })
  }
  return out
}

function fakeApi() {
  const runs: Record<string, RunDetail> = {
    a: run('a', 'baseline', { batch: 32, lr: 0.001, epochs: 4 }, 1, 'completed', ['val_loss', 'epoch_loss', 'accuracy', 'loss']),
    b: run('b', 'high lr', { batch: 32, lr: 0.01, epochs: 4 }, 1, 'completed', ['loss', 'accuracy', 'val_loss']),
    c: run('c', 'live', { batch: 32, lr: 0.003, epochs: 4 }, 2, 'running', ['loss']),
  }
  const listeners = new Set<CoreListener>()
  const api = {
    host: { kind: 'web' },
    getRun: vi.fn(async (id: string) => {
      const r = runs[id]
      if (!r) throw new Error(`no run '${id}'`)
      return structuredClone(r)
    }),
    readMetric: vi.fn(async (id: string, name: string) => curve(id === 'c' ? 100 : 200, name.startsWith('val_') || name.startsWith('epoch_'))),
    listExperiments: vi.fn(async () => [shapesExperiment]),
    listRunImages: vi.fn(async () => []),
    subscribe: vi.fn((listener: CoreListener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }),
  }
  return { api: api as unknown as RendererApi, listeners, mocks: api }
}

const wrappers: VueWrapper[] = []
afterEach(() => {
  for (const w of wrappers.splice(0)) w.unmount()
  setApi(null)
  localStorage.clear()
  document.body.innerHTML = ''
})

async function mountAt(url: string, api: RendererApi): Promise<{ wrapper: VueWrapper; router: Router }> {
  setApi(api)
  const stub = defineComponent({ render: () => h('div', 'other page') })
  const mounted = await mountRouterView(
    [
      { path: '/', component: stub },
      { path: '/runs/:id', component: stub },
      { path: '/compare', component: ComparePage },
    ],
    url,
  )
  wrappers.push(mounted.wrapper)
  return mounted
}

const chartPoints = (wrapper: VueWrapper, metric: string): number =>
  Number(wrapper.find(`[data-metric="${metric}"] [data-testid="metric-chart"]`).attributes('data-points'))

describe('ComparePage', () => {
  it('explains how to pick runs when the query names none', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/compare', api)
    expect(wrapper.find('[data-testid="compare-empty"]').text()).toContain('Runs')
    expect(wrapper.findAll('[data-testid="metric-chart"]').length).toBe(0)
  })

  it('lists the runs with colour, status and only the config values that differ; a bad id shows its error', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/compare?runs=a,b,missing', api)
    await until(() => wrapper.findAll('[data-state="loading"]').length === 0, 60_000, 'runs to load')
    const rows = wrapper.findAll('[data-testid="compare-run-row"]')
    expect(rows.map((r) => r.attributes('data-run-id'))).toEqual(['a', 'b', 'missing'])
    const headers = wrapper.findAll('.runs-table th').map((t) => t.text())
    expect(headers).toContain('lr')
    expect(headers).not.toContain('batch')
    expect(headers).not.toContain('seed')
    expect(rows[0].text()).toContain('baseline')
    expect(rows[0].text()).toContain('completed')
    expect(rows[0].text()).toContain('0.001')
    expect(rows[2].attributes('data-state')).toBe('error')
    expect(rows[2].text()).toContain("no run 'missing'")
  })

  it('draws one chart per metric (loss, accuracy, val_*, rest) with every run, all points', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/compare?runs=a,b', api)
    await until(() => wrapper.findAll('[data-testid="metric-chart"]').length === 4, 60_000, 'charts')
    const metrics = wrapper.findAll('.chart-card').map((c) => c.attributes('data-metric'))
    expect(metrics).toEqual(['loss', 'accuracy', 'val_loss', 'epoch_loss'])
    expect(chartPoints(wrapper, 'loss')).toBe(400)
    expect(chartPoints(wrapper, 'epoch_loss')).toBe(4)
    expect(wrapper.find('[data-testid="x-axis-select"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="export-png"]').length).toBe(4)
    expect(wrapper.findAll('[data-testid="export-svg"]').length).toBe(4)
    expect(wrapper.findAll('[data-testid="export-csv"]').length).toBe(4)
  })

  it('grows a running run live from metrics events', async () => {
    const { api, listeners } = fakeApi()
    const { wrapper } = await mountAt('/compare?runs=a,c', api)
    await until(() => wrapper.find('[data-metric="loss"]').exists(), 60_000, 'loss chart')
    expect(chartPoints(wrapper, 'loss')).toBe(300)
    const more = curve(110).slice(100)
    for (const l of listeners) l({ type: 'metrics', runId: 'c', name: 'loss', points: more })
    // Another run's events are ignored.
    for (const l of listeners) l({ type: 'metrics', runId: 'zzz', name: 'loss', points: more })
    await flushPromises()
    expect(chartPoints(wrapper, 'loss')).toBe(310)
    // A metric that appears live gets its chart.
    for (const l of listeners) l({ type: 'metrics', runId: 'c', name: 'val_loss', points: [{ step: 100, epoch: 2, time: 0, value: 0.5 }] })
    await flushPromises()
    expect(wrapper.find('[data-metric="val_loss"]').exists()).toBe(true)
    for (const l of listeners) l({ type: 'run-status', runId: 'c', status: 'completed', error: null })
    await flushPromises()
    expect(wrapper.find('[data-run-id="c"]').text()).toContain('completed')
  })

  it('removing a run updates the query', async () => {
    const { api } = fakeApi()
    const { wrapper, router } = await mountAt('/compare?runs=a,b,c', api)
    await until(() => wrapper.findAll('[data-state="ready"]').length === 3, 60_000, 'runs')
    await wrapper.find('[data-run-id="b"] [data-testid="compare-remove-run"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.runs).toBe('a,c')
    expect(wrapper.findAll('[data-testid="compare-run-row"]').map((r) => r.attributes('data-run-id'))).toEqual(['a', 'c'])
  })

  it('smoothing and x axis controls drive the charts; CSV export downloads what is plotted', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/compare?runs=a,b', api)
    await until(() => wrapper.findAll('[data-testid="metric-chart"]').length === 4, 60_000, 'charts')
    await wrapper.find('[data-testid="smoothing-slider"]').setValue('0.9')
    expect(wrapper.find('[data-testid="smoothing-value"]').text()).toBe('0.90')
    await wrapper.find('[data-testid="x-axis-select"]').setValue('epoch')
    const saved: { name: string; blob: Blob }[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      saved.push({ name: '', blob })
      return 'blob:fake'
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved[saved.length - 1].name = this.download
    })
    await wrapper.find('[data-metric="loss"] [data-testid="export-csv"]').trigger('click')
    click.mockRestore()
    vi.unstubAllGlobals()
    expect(saved.length).toBe(1)
    expect(saved[0].name).toBe('compare-loss-epoch.csv')
    const text = await saved[0].blob.text()
    const lines = text.trim().split('\n')
    expect(lines[0]).toBe('epoch,baseline · lr=0.001 (raw),baseline · lr=0.001 (smoothed),high lr · lr=0.01 (raw),high lr · lr=0.01 (smoothed)')
    expect(lines.length).toBe(201)
    expect(lines[200].split(',')[0]).toBe('4')
  })

  it('one legend for every chart: a click hides a run in all of them, another shows it again', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/compare?runs=a,b', api)
    await until(() => wrapper.findAll('[data-testid="metric-chart"]').length === 4, 60_000, 'charts')
    const series = (metric: string) => Number(wrapper.find(`[data-metric="${metric}"] [data-testid="metric-chart"]`).attributes('data-series'))
    const items = wrapper.findAll('[data-testid="compare-legend-item"]')
    expect(items.map((i) => i.text())).toEqual(['baseline · lr=0.001', 'high lr · lr=0.01'])
    expect([series('loss'), series('accuracy'), series('val_loss'), series('epoch_loss')]).toEqual([2, 2, 2, 1])
    await wrapper.find('[data-testid="compare-legend-item"][data-run-id="a"]').trigger('click')
    await flushPromises()
    expect([series('loss'), series('accuracy'), series('val_loss'), series('epoch_loss')]).toEqual([1, 1, 1, 0])
    expect(chartPoints(wrapper, 'loss')).toBe(200)
    expect(wrapper.find('[data-run-id="a"][data-testid="compare-legend-item"]').attributes('aria-pressed')).toBe('false')
    await wrapper.find('[data-testid="compare-legend-show-all"]').trigger('click')
    await flushPromises()
    expect(series('loss')).toBe(2)
  })

  it('leaves differing seeds out of the labels until asked for, and warns about runs of different experiments', async () => {
    const { api, mocks } = fakeApi()
    mocks.getRun.mockImplementation(async (id: string) => {
      const r = run(id, id === 'a' ? 'baseline' : 'other', { batch: 32, lr: 0.001 }, id === 'a' ? 1 : 2, 'completed', ['loss'])
      if (id === 'b') r.experiment = 'resnet'
      return r
    })
    const { wrapper } = await mountAt('/compare?runs=a,b', api)
    await until(() => wrapper.findAll('[data-testid="compare-legend-item"]').length === 2, 60_000, 'legend')
    expect(wrapper.find('[data-testid="compare-mixed-experiments"]').text()).toContain('shapes-cnn, resnet')
    expect(wrapper.findAll('.runs-table th').map((t) => t.text())).not.toContain('seed')
    expect(wrapper.findAll('[data-testid="compare-legend-item"]').map((i) => i.text())).toEqual(['baseline', 'other'])
    await wrapper.find('[data-testid="include-seeds"]').setValue(true)
    await flushPromises()
    expect(wrapper.findAll('.runs-table th').map((t) => t.text())).toContain('seed')
    expect(wrapper.findAll('[data-testid="compare-legend-item"]').map((i) => i.text())).toEqual(['baseline · seed=1', 'other · seed=2'])
  })

  it('leaves the predictions contact sheets out of the images card (the run page shows them as thumbnails)', async () => {
    const { api, mocks } = fakeApi()
    const image = (series: string, step: number) => ({ file: `${series}-${String(step).padStart(8, '0')}.png`, series, caption: '', step, epoch: 1, time: 0, width: 8, height: 8 })
    const listRunImages = async (id: string) => (id === 'a' ? [image('predictions', 50), image('samples', 50)] : [image('predictions', 50)])
    Object.assign(mocks, { listRunImages: vi.fn(listRunImages), readRunImage: vi.fn(async (_id: string, file: string) => ({ file, dataBase64: '' })) })
    const { wrapper } = await mountAt('/compare?runs=a,b', api)
    await until(() => wrapper.findAll('[data-testid="compare-image"]').length > 0, 60_000, 'images')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="compare-image"] figcaption').map((f) => f.text().split(' · ')[0])).toEqual(['samples'])
    expect(wrapper.findAll('.compare-images .column').map((c) => c.attributes('data-run'))).toEqual(['a'])
  })
})
