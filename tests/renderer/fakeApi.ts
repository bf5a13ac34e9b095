/**
 * A fake RendererApi for store and page tests: every method is a vi.fn with a sensible default,
 * `emit` plays an event to whoever subscribed.
 */
import { vi, type Mock } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router, type RouteRecordRaw } from 'vue-router'
import { defineComponent, h } from 'vue'
import type {
  CoreEvent,
  CoreListener,
  DatasetInfo,
  EngineReport,
  ExperimentInfo,
  RendererApi,
  RunDetail,
  RunSummary,
} from '../../src/shared/api'
import { DEFAULT_SETTINGS, type SettingsPatch, type SettingsView } from '../../src/shared/settings'

type Methods = Omit<RendererApi, 'host' | 'subscribe'>
export type FakeApi = { [K in keyof Methods]: Mock<Methods[K]> } & {
  host: RendererApi['host']
  subscribe: Mock<RendererApi['subscribe']>
  listeners: Set<CoreListener>
  emit(event: CoreEvent): void
}

export function makeRun(overrides: Partial<RunSummary> = {}): RunSummary {
  const id = overrides.id ?? 'run-1'
  return {
    id,
    name: id,
    experiment: 'shapes-cnn',
    preset: 'quick',
    status: 'completed',
    createdAt: '2025-01-01T10:00:00.000Z',
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: '2025-01-01T10:01:00.000Z',
    error: null,
    seed: 7,
    backend: 'cpu',
    versions: {},
    host: null,
    dataset: null,
    step: 120,
    epoch: 4,
    totalSteps: 120,
    totalEpochs: 4,
    ownerPid: null,
    workerPid: null,
    lastCheckpoint: 'epoch-4',
    resumes: 0,
    parent: null,
    latest: { loss: 0.5, accuracy: 0.8 },
    dir: `/home/runs/${id}`,
    ...overrides,
  }
}

export function makeDetail(overrides: Partial<RunDetail> = {}): RunDetail {
  return {
    ...makeRun(overrides),
    params: { config: { size: 16, epochs: 4, batch: 16, lr: 0.005 }, seed: 7, data: null, backend: null },
    metricNames: ['loss', 'accuracy'],
    checkpoints: [],
    artifacts: [],
    ...overrides,
  }
}

export const shapesExperiment: ExperimentInfo = {
  id: 'shapes-cnn',
  title: 'Shapes CNN',
  description: 'A small CNN on shapes.',
  dataDescription: 'generated shapes from the config below and the seed',
  metrics: [
    { name: 'loss', label: 'loss (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
    { name: 'accuracy', label: 'accuracy (batch)', cadence: 'step', direction: 'higher', unit: '' },
    { name: 'val_loss', label: 'validation loss', cadence: 'epoch', direction: 'lower', unit: 'nats' },
    { name: 'val_accuracy', label: 'validation accuracy', cadence: 'epoch', direction: 'higher', unit: '' },
  ],
  headline: ['val_accuracy', 'val_loss'],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'Loss and accuracy.' },
    { kind: 'confusion-matrix', name: 'confusion', description: 'Confusion matrix.' },
    { kind: 'predictions', name: 'predictions', description: 'Predictions.' },
  ],
  capabilities: ['classify-images', 'model-view'],
  studies: [],
  datasetKinds: ['image-classification'],
  requiredKernels: [],
  defaultPreset: 'quick',
  fields: [
    { key: 'size', type: 'integer', default: 32, min: 8, max: 256, why: 'Images are resized to size x size.' },
    { key: 'epochs', type: 'integer', default: 10, min: 1, max: 1000, why: 'Passes over the training set.' },
    { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's standard default." },
    { key: 'augment', type: 'boolean', default: false, why: 'Flips help little on shapes.' },
    { key: 'optimizer', type: 'enum', default: 'adam', options: ['adam', 'sgd'], why: 'Adam needs no tuning.' },
  ],
  presets: [
    { name: 'quick', description: 'Trains in under a minute.', values: { size: 16, epochs: 4, lr: 0.005 } },
    { name: 'default', description: 'Converges in a few minutes.', values: {} },
  ],
}

export function makeDataset(overrides: Partial<DatasetInfo> = {}): DatasetInfo {
  return {
    id: 'shapes',
    name: 'Shapes',
    kind: 'image-classification',
    origin: 'builtin',
    source: 'generated',
    format: 'generator',
    classes: ['circle', 'square'],
    counts: { train: { circle: 10, square: 12 }, test: { circle: 3, square: 4 } },
    skipped: [],
    fingerprint: 'abc123',
    importedAt: null,
    ...overrides,
  }
}

export function makeEngineReport(): EngineReport {
  return {
    selected: 'wasm',
    host: { platform: 'linux', arch: 'x64', cpu: 'Test CPU', cores: 4, memoryGiB: 16, gpu: null, node: '22.0.0', hostname: 'box' },
    versions: { 'tfjs-core': '4.22.0' },
    backends: [
      { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', tried: true, ok: true, version: '4.22.0', reason: null, missingKernels: [], selfTestMs: 12, selected: false },
      { name: 'tensorflow-gpu', package: '@tensorflow/tfjs-node-gpu', tried: true, ok: false, version: null, reason: 'no CUDA driver found', missingKernels: [], selfTestMs: null, selected: false },
      {
        name: 'webgpu',
        package: 'webgpu (Dawn) + @tensorflow/tfjs-backend-webgpu',
        tried: true,
        ok: true,
        version: 'webgpu 0.6.2 + tfjs-backend-webgpu 4.22.0',
        reason: 'a software adapter: SwiftShader (architecture "swiftshader"); never chosen automatically (slower than the CPU backends); --backend webgpu forces it',
        missingKernels: [],
        selfTestMs: 900,
        selected: false,
        adapter: { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', software: true, softwareReason: 'a software adapter: SwiftShader (architecture "swiftshader")', maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 29 },
      },
      { name: 'tensorflow', package: '@tensorflow/tfjs-node', tried: true, ok: false, version: null, reason: 'native binding not installed', missingKernels: [], selfTestMs: null, selected: false },
      { name: 'native', package: 'benchtop-native', tried: false, ok: false, version: null, reason: 'not built for this platform', missingKernels: [], selfTestMs: null, selected: false },
      { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', tried: true, ok: true, version: '4.22.0', reason: null, missingKernels: [], selfTestMs: 3.5, selected: true },
    ],
  }
}

export function makeSettingsView(patch: SettingsPatch = {}): SettingsView {
  return {
    settings: { ...DEFAULT_SETTINGS, ...patch },
    home: '/home/me/.benchtop',
    runsFolder: '/home/me/.benchtop/runs',
    settingsFile: '/home/me/.benchtop/settings.json',
    cores: 4,
  }
}

export function fakeApi(overrides: Partial<Methods> = {}, host: RendererApi['host'] = { kind: 'web' }): FakeApi {
  const listeners = new Set<CoreListener>()
  const api = {
    host,
    listeners,
    listExperiments: vi.fn(async () => [shapesExperiment]),
    engineReport: vi.fn(async () => makeEngineReport()),
    listDatasets: vi.fn(async () => [makeDataset()]),
    importDataset: vi.fn(async (path: string, name?: string) => makeDataset({ id: 'imported', name: name ?? path, origin: 'imported' })),
    datasetPreview: vi.fn(async (id: string) => ({ id, size: 32, thumbnails: [] })),
    listRuns: vi.fn(async () => [] as RunSummary[]),
    getRun: vi.fn(async (id: string) => makeDetail({ id })),
    readMetric: vi.fn(async () => []),
    readRunLog: vi.fn(async () => ''),
    readSamples: vi.fn(async () => []),
    listRunImages: vi.fn(async () => []),
    readRunImage: vi.fn(async (_id: string, file: string) => ({ file, dataBase64: '' })),
    startRun: vi.fn(async () => makeRun({ id: 'new-run', status: 'running' })),
    cancelRun: vi.fn(async () => undefined),
    resumeRun: vi.fn(async (id: string) => makeRun({ id, status: 'running' })),
    deleteRun: vi.fn(async () => undefined),
    restoreRun: vi.fn(async () => undefined),
    runDiskUsage: vi.fn(async (runId: string) => ({ runId, bytes: 123_456, files: 7 })),
    trashUsage: vi.fn(async () => ({ runs: [] as Array<{ id: string; bytes: number; files: number }>, bytes: 0 })),
    emptyTrash: vi.fn(async () => ({ removed: [] as string[], bytes: 0 })),
    detectCandidates: vi.fn(async (image: { name: string }) => {
      throw new Error(`${image.name}: detectCandidates is not faked in this test`)
    }),
    findFaces: vi.fn(async (image: { name: string }) => {
      throw new Error(`${image.name}: findFaces is not faked in this test`)
    }),
    uploadInputImage: vi.fn(async (image: { name: string }) => {
      throw new Error(`${image.name}: uploadInputImage is not faked in this test`)
    }),
    styliseImage: vi.fn(async (runId: string) => {
      throw new Error(`${runId}: styliseImage is not faked in this test`)
    }),
    lmScore: vi.fn(async (runId: string) => {
      throw new Error(`${runId}: lmScore is not faked in this test`)
    }),
    lmSample: vi.fn(async (runId: string) => {
      throw new Error(`${runId}: lmSample is not faked in this test`)
    }),
    predictImages: vi.fn(async () => {
      throw new Error('predictImages is not faked in this test')
    }),
    upscaleImage: vi.fn(async () => {
      throw new Error('upscaleImage is not faked in this test')
    }),
    modelSummary: vi.fn(async () => {
      throw new Error('modelSummary is not faked in this test')
    }),
    getSettings: vi.fn(async () => makeSettingsView()),
    updateSettings: vi.fn(async (patch: SettingsPatch) => makeSettingsView(patch)),
    subscribe: vi.fn((listener: CoreListener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }),
    emit(event: CoreEvent) {
      for (const l of [...listeners]) l(event)
    },
  }
  for (const [key, fn] of Object.entries(overrides)) {
    ;(api as Record<string, unknown>)[key] = vi.fn(fn as (...args: unknown[]) => unknown)
  }
  return api as unknown as FakeApi
}

const Blank = defineComponent({ render: () => h('div') })

/** A router with the app's paths (blank pages), at `path`. */
export async function testRouter(path = '/'): Promise<Router> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['/', '/new', '/runs/:id', '/compare', '/datasets', '/engine', '/detect', '/settings'].map((p) => ({ path: p, component: Blank })),
  })
  await router.push(path)
  await router.isReady()
  return router
}

/**
 * Mounts a RouterView over `routes` (attached to document.body) once the router has gone to
 * `path`, and lets pending promises settle. The caller unmounts the wrapper.
 */
export async function mountRouterView(routes: RouteRecordRaw[], path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const App = defineComponent({ render: () => h(RouterView) })
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

export { flushPromises }
