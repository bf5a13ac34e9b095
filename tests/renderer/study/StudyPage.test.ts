// @vitest-environment happy-dom
/** The study page (overlays, difference curves, table, live reload) and the Shortcut study button, on a fake API. */
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import type { Router } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreListener, MetricPoint, RendererApi, RunDetail, StartRunRequest, StudyDetail } from '../../../src/shared/api'
import { setApi } from '../../../src/renderer/src/api'
import StudyPage from '../../../src/renderer/src/pages/StudyPage.vue'
import StudyButton from '../../../src/renderer/src/components/study/StudyButton.vue'
import { differenceSeries, differenceKey, overlaySeries } from '../../../src/renderer/src/components/study/studyCharts'
import { until, useFakeLayout } from '../charts/domHelpers'
import { mountRouterView } from '../fakeApi'

useFakeLayout(1000, 300)

const COMBOS = [
  { model: 'ResNet18', shortcut: true },
  { model: 'ResNet18', shortcut: false },
  { model: 'ResNet50', shortcut: true },
  { model: 'ResNet50', shortcut: false },
]
const IDS = ['r18-on', 'r18-off', 'r50-on', 'r50-off']
const T0 = Date.parse('2024-01-01T00:00:00.000Z')

/** Run i's curve: value = (i + 1) * step / 100 at steps 1..n (val_accuracy at every 5th step). */
function curve(i: number, metric: string, n = 20): MetricPoint[] {
  const out: MetricPoint[] = []
  for (let step = 1; step <= n; step++) {
    if (metric === 'val_accuracy' && step % 5 !== 0) continue
    out.push({ step, epoch: Math.ceil(step / 5), time: T0 + step * 1000, value: ((i + 1) * step) / 100 })
  }
  return out
}

function run(i: number): RunDetail {
  return {
    id: IDS[i], name: `study ${IDS[i]}`, experiment: 'resnet', preset: 'quick', status: 'completed',
    createdAt: '2024-01-01T00:00:00.000Z', startedAt: '2024-01-01T00:00:00.000Z', endedAt: null, error: null, seed: 4,
    backend: 'cpu', versions: {}, host: null, dataset: null, step: 20, epoch: 4, totalSteps: 20, totalEpochs: 4,
    ownerPid: null, workerPid: null, lastCheckpoint: null, resumes: 0, parent: null, study: 'study-1', latest: {}, dir: `/runs/${IDS[i]}`,
    params: { config: { ...COMBOS[i], epochs: 4, batch: 4 }, seed: 4 }, metricNames: ['loss', 'accuracy', 'val_accuracy'], checkpoints: [], artifacts: [],
  }
}

function detail(statusOf: (i: number) => RunDetail['status'] = () => 'completed'): StudyDetail {
  return {
    id: 'study-1', name: 'resnet-study', createdAt: '2024-01-01T00:00:00.000Z', experiment: 'resnet', preset: 'quick', set: {},
    sweep: [{ key: 'model', values: ['ResNet18', 'ResNet50'] }, { key: 'shortcut', values: [true, false] }],
    seed: 4, data: null, backend: null, parallel: 1, runIds: IDS, combinations: COMBOS,
    statuses: IDS.reduce<StudyDetail['statuses']>((c, _, i) => ({ ...c, [statusOf(i)]: (c[statusOf(i)] ?? 0) + 1 }), {}), runs: IDS.map((_, i) => ({ ...run(i), status: statusOf(i) })),
    table: IDS.map((id, i) => ({
      runId: id, name: id, status: statusOf(i), values: COMBOS[i], finalTrainAccuracy: 0.5 + i / 10, bestTrainAccuracy: 0.9,
      finalValAccuracy: 0.25, bestValAccuracy: 0.5, medianEpochMs: 1500, params: 11_000_000 + i, epochs: 4,
    })),
  }
}

function fakeApi() {
  const listeners = new Set<CoreListener>()
  let statusOf: (i: number) => RunDetail['status'] = (i) => (i === 0 ? 'running' : 'queued')
  const api = {
    host: { kind: 'web' },
    getStudy: vi.fn(async () => detail(statusOf)),
    startStudy: vi.fn(async () => detail()),
    cancelStudy: vi.fn(async () => undefined),
    getRun: vi.fn(async (id: string) => structuredClone(run(IDS.indexOf(id)))),
    readMetric: vi.fn(async (id: string, name: string) => curve(IDS.indexOf(id), name)),
    subscribe: vi.fn((l: CoreListener) => {
      listeners.add(l)
      return () => listeners.delete(l)
    }),
  }
  return {
    api: api as unknown as RendererApi,
    mocks: api,
    emit: (e: Parameters<CoreListener>[0]) => listeners.forEach((l) => l(e)),
    finishAll: () => (statusOf = () => 'completed'),
  }
}

const wrappers: VueWrapper[] = []
afterEach(() => {
  for (const w of wrappers.splice(0)) w.unmount()
  setApi(null)
  document.body.innerHTML = ''
})

async function mountAt(url: string, api: RendererApi, component = StudyPage, props?: Record<string, unknown>): Promise<{ wrapper: VueWrapper; router: Router }> {
  setApi(api)
  const stub = defineComponent({ render: () => h('div', { 'data-testid': 'other' }, 'other page') })
  const mounted = await mountRouterView(
    [
      { path: '/', component: stub },
      { path: '/runs/:id', component: stub },
      { path: '/new', component: defineComponent({ render: () => h(component, props) }) },
      { path: '/studies/:id', component: StudyPage },
    ],
    url,
  )
  wrappers.push(mounted.wrapper)
  return mounted
}

const points = (wrapper: VueWrapper, chart: string): number => Number(wrapper.find(`[data-chart="${chart}"] [data-testid="metric-chart"]`).attributes('data-points'))

describe('StudyPage', () => {
  it('overlays the four runs per metric, draws one difference curve per model, and shows the table', async () => {
    const { api } = fakeApi()
    const { wrapper } = await mountAt('/studies/study-1', api)
    await until(() => points(wrapper, 'study-loss') === 80, 60_000, 'the loss overlay')
    // Four runs x 20 points; val_accuracy has 4 points a run.
    expect(points(wrapper, 'study-accuracy')).toBe(80)
    expect(points(wrapper, 'study-val_accuracy')).toBe(16)
    // Two pairs (ResNet18, ResNet50) x 20 points.
    expect(points(wrapper, 'study-difference-loss')).toBe(40)
    expect(points(wrapper, 'study-difference-val_accuracy')).toBe(8)
    expect(wrapper.findAll('[data-testid="export-png"]')).toHaveLength(6)
    const rows = wrapper.findAll('[data-testid="study-row"]')
    expect(rows.map((r) => r.attributes('data-run-id'))).toEqual(IDS)
    expect(rows[1].text()).toContain('ResNet18')
    expect(rows[1].text()).toContain('false')
    expect(rows[1].text()).toContain('60.0%')
    expect(rows[1].find('[data-testid="params"]').text()).toBe('11,000,001')
    expect(wrapper.find('[data-chart="study-difference-loss"] [data-testid="metric-chart"]').attributes('aria-label')).toBe('train loss (with − without)')
    expect(wrapper.find('[data-testid="study-status"]').text()).toBe('1 running · 3 queued')
  })

  it('reads the study again when one of its runs changes status, and cancels it', async () => {
    const { api, mocks, emit, finishAll } = fakeApi()
    const { wrapper } = await mountAt('/studies/study-1', api)
    await until(() => wrapper.findAll('[data-testid="study-row"]').length === 4, 60_000, 'the table')
    expect(wrapper.find('[data-testid="study-row"]').attributes('data-status')).toBe('running')
    await wrapper.find('[data-testid="cancel-study"]').trigger('click')
    expect(mocks.cancelStudy).toHaveBeenCalledWith('study-1')
    finishAll()
    emit({ type: 'run-status', runId: 'r18-on', status: 'completed', error: null })
    await until(() => wrapper.find('[data-testid="study-row"]').attributes('data-status') === 'completed', 60_000, 'the reload')
    expect(mocks.getStudy).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-testid="cancel-study"]').exists()).toBe(false)
    // Events of other runs do not reload it.
    emit({ type: 'run-status', runId: 'elsewhere', status: 'completed', error: null })
    await new Promise((r) => setTimeout(r, 600))
    expect(mocks.getStudy).toHaveBeenCalledTimes(2)
  })

  it('shows why a study cannot be read', async () => {
    const { api, mocks } = fakeApi()
    mocks.getStudy.mockRejectedValueOnce(new Error("no study 'nope' in /home/studies"))
    const { wrapper } = await mountAt('/studies/nope', api)
    await until(() => wrapper.text().includes("no study 'nope'"), 60_000, 'the error')
  })
})

describe('study charts', () => {
  it('with minus without per model, step by step, labelled by the model', () => {
    const study = detail()
    const base = (metric: string) => (runId: string) => ({ key: runId, label: runId, points: curve(IDS.indexOf(runId), metric) })
    expect(differenceKey(study.sweep)).toBe('shortcut')
    const diff = differenceSeries(study, 'shortcut', 'loss', base('loss'))
    expect(diff.map((s) => s.label)).toEqual(['model=ResNet18', 'model=ResNet50'])
    // Run 0 minus run 1: (1 - 2) * step / 100; run 2 minus run 3: (3 - 4) * step / 100.
    expect(diff[0].points.map((p) => +p.value.toFixed(10))).toEqual(curve(0, 'loss').map((p) => -p.step / 100))
    expect(diff[1].points.map((p) => +p.value.toFixed(10))).toEqual(curve(0, 'loss').map((p) => -p.step / 100))
    expect(overlaySeries(study, 'loss', base('loss')).map((s) => s.label)).toEqual([
      'model=ResNet18, shortcut=true',
      'model=ResNet18, shortcut=false',
      'model=ResNet50, shortcut=true',
      'model=ResNet50, shortcut=false',
    ])
    expect(differenceKey([{ key: 'lr', values: [1, 2, 3] }])).toBeNull()
  })
})

const SHORTCUT_STUDY = {
  label: 'Shortcut study',
  description: 'ResNet-18 and ResNet-50, with and without shortcuts.',
  sweep: [
    { key: 'model', values: ['ResNet18', 'ResNet50'] },
    { key: 'shortcut', values: [true, false] },
  ],
}

describe('StudyButton', () => {
  it('sweeps model x shortcut on top of the form, without the form’s own model/shortcut, and opens the study', async () => {
    const { api, mocks } = fakeApi()
    const request: StartRunRequest = { experiment: 'resnet', preset: 'quick', set: { model: 'ResNet50', shortcut: false, epochs: 2 }, seed: 3, name: 'tiny' }
    const { wrapper, router } = await mountAt('/new', api, StudyButton as never, { request, study: SHORTCUT_STUDY })
    await wrapper.find('[data-testid="study-button"]').trigger('click')
    await flushPromises()
    expect(mocks.startStudy).toHaveBeenCalledWith({
      experiment: 'resnet',
      preset: 'quick',
      seed: 3,
      name: 'tiny',
      set: { epochs: 2 },
      sweep: [
        { key: 'model', values: ['ResNet18', 'ResNet50'] },
        { key: 'shortcut', values: [true, false] },
      ],
    })
    await until(() => router.currentRoute.value.path === '/studies/study-1', 60_000, 'the study page')
  })

  it('shows why the study did not start', async () => {
    const { api, mocks } = fakeApi()
    mocks.startStudy.mockRejectedValueOnce(new Error('--sweep model: size must be at least 69'))
    const { wrapper } = await mountAt('/new', api, StudyButton as never, { request: { experiment: 'resnet' }, study: SHORTCUT_STUDY })
    await wrapper.find('[data-testid="study-button"]').trigger('click')
    await until(() => wrapper.text().includes('size must be at least 69'), 60_000, 'the error')
  })
})

describe('canResume', () => {
  it('offers Resume for a study run that never started, as for a run with a checkpoint', async () => {
    const { canResume } = await import('../../../src/renderer/src/components/format')
    expect(canResume({ status: 'interrupted', lastCheckpoint: null, startedAt: null })).toBe(true)
    expect(canResume({ status: 'cancelled', lastCheckpoint: null, startedAt: null })).toBe(true)
    expect(canResume({ status: 'interrupted', lastCheckpoint: null, startedAt: '2024-01-01T00:00:00.000Z' })).toBe(false)
    expect(canResume({ status: 'queued', lastCheckpoint: null, startedAt: null })).toBe(false)
    expect(canResume({ status: 'failed', lastCheckpoint: 'epoch-0001' })).toBe(true)
  })
})
