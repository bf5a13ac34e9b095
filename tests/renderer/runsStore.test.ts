// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import { useRunsStore } from '../../src/renderer/src/stores/runs'
import { fakeApi, flushPromises, makeDetail, makeRun, type FakeApi } from './fakeApi'

let api: FakeApi

beforeEach(() => {
  setActivePinia(createPinia())
})

afterEach(() => {
  useRunsStore().dispose()
  setApi(null)
})

function setup(runs = [makeRun({ id: 'a', status: 'running', step: 10, totalSteps: 100, latest: { loss: 1 } }), makeRun({ id: 'b' })]): ReturnType<typeof useRunsStore> {
  api = fakeApi({ listRuns: async () => runs.map((r) => ({ ...r, latest: { ...r.latest } })) })
  setApi(api)
  return useRunsStore()
}

describe('runs store', () => {
  it('subscribes once for the whole app and loads the list', async () => {
    const store = setup()
    store.init()
    store.init()
    const off = store.onEvent(() => {})
    await flushPromises()
    expect(api.subscribe).toHaveBeenCalledTimes(1)
    expect(api.listRuns).toHaveBeenCalledTimes(1)
    expect(store.runs.map((r) => r.id)).toEqual(['a', 'b'])
    off()
  })

  it('applies run-progress and metrics events in place', async () => {
    const store = setup()
    store.init()
    await flushPromises()
    const before = store.byId('a')
    api.emit({ type: 'run-progress', runId: 'a', step: 42, epoch: 2, totalSteps: 100, totalEpochs: 4, etaMs: 5000 })
    api.emit({ type: 'metrics', runId: 'a', name: 'loss', points: [{ step: 41, epoch: 2, time: 1, value: 0.7 }, { step: 42, epoch: 2, time: 2, value: 0.6 }] })
    api.emit({ type: 'metrics', runId: 'a', name: 'val_accuracy', points: [{ step: 42, epoch: 2, time: 2, value: 0.9 }] })
    const run = store.byId('a')!
    expect(run).toBe(before)
    expect(run.step).toBe(42)
    expect(run.epoch).toBe(2)
    expect(run.latest).toEqual({ loss: 0.6, val_accuracy: 0.9 })
    expect(store.eta.a.etaMs).toBe(5000)
    // No reload of the list or the run for progress and metrics.
    expect(api.listRuns).toHaveBeenCalledTimes(1)
    expect(api.getRun).not.toHaveBeenCalled()
  })

  it('on run-status sets the status at once and refreshes that run', async () => {
    const store = setup()
    api.getRun.mockImplementation(async (id: string) => makeDetail({ id, status: 'completed', step: 100, endedAt: '2025-01-01T10:05:00.000Z' }))
    store.init()
    await flushPromises()
    api.emit({ type: 'run-progress', runId: 'a', step: 50, epoch: 2, totalSteps: 100, totalEpochs: 4, etaMs: 1000 })
    api.emit({ type: 'run-status', runId: 'a', status: 'completed', error: null })
    expect(store.byId('a')!.status).toBe('completed')
    expect(store.eta.a).toBeUndefined()
    await flushPromises()
    expect(api.getRun).toHaveBeenCalledWith('a')
    expect(store.byId('a')!.step).toBe(100)
    expect(store.byId('a')!.endedAt).toBe('2025-01-01T10:05:00.000Z')
    expect('params' in store.byId('a')!).toBe(false)
  })

  it('adds a run it did not list when its status arrives', async () => {
    const store = setup()
    api.getRun.mockImplementation(async (id: string) => makeDetail({ id, status: 'running' }))
    store.init()
    await flushPromises()
    api.emit({ type: 'run-status', runId: 'c', status: 'running', error: null })
    await flushPromises()
    expect(store.runs[0].id).toBe('c')
  })

  it('delete moves runs to the trash and undo restores them', async () => {
    const store = setup()
    store.init()
    await flushPromises()
    const deleted = await store.remove(['b'])
    expect(deleted).toEqual(['b'])
    expect(api.deleteRun).toHaveBeenCalledWith('b')
    expect(store.runs.map((r) => r.id)).toEqual(['a'])
    expect(store.lastDeleted).toEqual(['b'])
    await store.undoDelete()
    expect(api.restoreRun).toHaveBeenCalledWith('b')
    expect(store.lastDeleted).toEqual([])
    expect(store.runs.map((r) => r.id).sort()).toEqual(['a', 'b'])
  })

  it('keeps errors per run', async () => {
    const store = setup()
    api.cancelRun.mockImplementation(async (id: string) => {
      if (id === 'b') throw new Error('run b is completed, not running')
    })
    api.deleteRun.mockImplementation(async (id: string) => {
      if (id === 'a') throw new Error('run a is running; cancel it before deleting it')
    })
    store.init()
    await flushPromises()
    expect(await store.cancel('a')).toBe(true)
    expect(await store.cancel('b')).toBe(false)
    expect(store.errors.b).toMatch(/run b is completed, not running/)
    expect(store.errors.a).toBeUndefined()
    const deleted = await store.remove(['a', 'b'])
    expect(deleted).toEqual(['b'])
    expect(store.errors.a).toMatch(/cancel it before deleting it/)
    expect(store.errors.b).toBeUndefined()
    expect(store.runs.map((r) => r.id)).toEqual(['a'])
    store.dismissError('a')
    expect(store.errors.a).toBeUndefined()
  })

  it('lists the trash as the runs only listed with includeTrash', async () => {
    const live = [makeRun({ id: 'a' })]
    api = fakeApi({ listRuns: async (options) => (options?.includeTrash ? [...live, makeRun({ id: 'gone' })] : live) })
    setApi(api)
    const store = useRunsStore()
    await store.loadTrash()
    expect(store.trash.map((r) => r.id)).toEqual(['gone'])
    expect(await store.restore('gone')).toBe(true)
    expect(store.trash).toEqual([])
    expect(api.getRun).toHaveBeenCalledWith('gone')
  })

  it('forwards events to page listeners through the one subscription', async () => {
    const store = setup()
    const seen: string[] = []
    const off = store.onEvent((e) => seen.push(e.type))
    api.emit({ type: 'log', runId: 'a', line: 'hello' })
    off()
    api.emit({ type: 'log', runId: 'a', line: 'again' })
    expect(seen).toEqual(['log'])
    expect(api.subscribe).toHaveBeenCalledTimes(1)
  })
})
