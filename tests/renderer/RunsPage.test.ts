// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import RunsPage from '../../src/renderer/src/pages/RunsPage.vue'
import { useRunsStore } from '../../src/renderer/src/stores/runs'
import { fakeApi, flushPromises, makeDetail, makeRun, testRouter, type FakeApi } from './fakeApi'

const RUNS = [
  makeRun({ id: 'a', name: 'alpha', status: 'running', step: 10, totalSteps: 100, startedAt: '2025-01-03T10:00:00.000Z', endedAt: null, latest: { loss: 0.5, accuracy: 0.6, val_loss: 0.6 } }),
  makeRun({ id: 'b', name: 'beta', status: 'completed', startedAt: '2025-01-02T10:00:00.000Z', latest: { loss: 0.2, accuracy: 0.9, val_accuracy: 0.88, val_loss: 0.3 } }),
  makeRun({ id: 'c', name: 'gamma', experiment: 'other-exp', status: 'failed', startedAt: '2025-01-01T10:00:00.000Z', latest: { loss: 0.9, val_loss: 0.9 } }),
]

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountPage(api: FakeApi = fakeApi({ listRuns: async () => RUNS.map((r) => ({ ...r, latest: { ...r.latest } })) })) {
  setApi(api)
  const router = await testRouter('/')
  const pinia = createPinia()
  wrapper = mount(RunsPage, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, api, store: useRunsStore(pinia) }
}

function rowIds(w: VueWrapper): string[] {
  return w.findAll('[data-testid="run-row"]').map((r) => r.attributes('data-run-id')!)
}

describe('RunsPage', () => {
  it('lists runs newest first with status, key metrics and links', async () => {
    const { wrapper } = await mountPage()
    expect(rowIds(wrapper)).toEqual(['a', 'b', 'c'])
    const row = wrapper.get('[data-run-id="b"]')
    expect(row.attributes('data-status')).toBe('completed')
    expect(row.get('[data-metric="val_accuracy"]').text()).toBe('0.88')
    expect(row.get('a').attributes('href')).toBe('/runs/b')
    expect(wrapper.get('[data-run-id="a"] [data-metric="val_accuracy"]').text()).toBe('—')
    // The experiment's headline metrics, validation first, with units; not the last batch's accuracy or loss.
    expect(wrapper.findAll('button[data-sort^="metric:"]').map((b) => b.attributes('data-sort'))).toEqual(['metric:val_accuracy', 'metric:val_loss'])
    expect(wrapper.get('button[data-sort="metric:val_loss"]').text()).toContain('validation loss (nats)')
  })

  it('filters by name, experiment and status', async () => {
    const { wrapper } = await mountPage()
    const filter = wrapper.get('[data-testid="runs-filter"]')
    await filter.setValue('gam')
    expect(rowIds(wrapper)).toEqual(['c'])
    await filter.setValue('other-exp')
    expect(rowIds(wrapper)).toEqual(['c'])
    await filter.setValue('completed')
    expect(rowIds(wrapper)).toEqual(['b'])
    await filter.setValue('nothing like this')
    expect(rowIds(wrapper)).toEqual([])
    expect(wrapper.find('[data-testid="runs-no-match"]').exists()).toBe(true)
  })

  it('sorts by clicking headers', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('button[data-sort="name"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['a', 'b', 'c'])
    await wrapper.get('button[data-sort="name"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['c', 'b', 'a'])
    await wrapper.get('button[data-sort="metric:val_loss"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['c', 'a', 'b'])
    await wrapper.get('button[data-sort="metric:val_loss"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['b', 'a', 'c'])
    await wrapper.get('button[data-sort="startedAt"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['a', 'b', 'c'])
  })

  it('multi-selects and enables Compare, which opens /compare?runs=...', async () => {
    const { wrapper, router } = await mountPage()
    const compare = wrapper.get('[data-testid="compare-selected"]')
    expect(compare.attributes('disabled')).toBeDefined()
    await wrapper.get('[data-run-id="c"] [data-testid="run-select"]').setValue(true)
    expect(compare.attributes('disabled')).toBeUndefined()
    // Cancel needs a running run among the selection; Resume a stopped one.
    expect(wrapper.get('[data-testid="cancel-selected"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="resume-selected"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-run-id="a"] [data-testid="run-select"]').setValue(true)
    expect(wrapper.get('[data-testid="cancel-selected"]').attributes('disabled')).toBeUndefined()
    await compare.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/compare')
    expect(router.currentRoute.value.query.runs).toBe('a,c')
  })

  it('select all selects the shown runs', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('[data-testid="runs-filter"]').setValue('a')
    await wrapper.get('[data-testid="select-all"]').setValue(true)
    expect(wrapper.get('[data-testid="selection-count"]').text()).toBe(`${rowIds(wrapper).length} selected`)
  })

  it('cancels the selection and shows a refusal next to its run', async () => {
    const api = fakeApi({
      listRuns: async () => RUNS.map((r) => ({ ...r })),
      resumeRun: async () => {
        throw new Error('run c has no checkpoint to resume from')
      },
    })
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-run-id="a"] [data-testid="run-select"]').setValue(true)
    await wrapper.get('[data-run-id="c"] [data-testid="run-select"]').setValue(true)
    await wrapper.get('[data-testid="cancel-selected"]').trigger('click')
    await flushPromises()
    expect(api.cancelRun).toHaveBeenCalledWith('a')
    expect(api.cancelRun).toHaveBeenCalledTimes(1)
    await wrapper.get('[data-testid="resume-selected"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-run-id="c"] [data-testid="run-error"]').text()).toContain('no checkpoint to resume from')
  })

  it('deletes the selection to the trash, offers Undo, and restores from the trash view', async () => {
    let trashed: string[] = []
    const api = fakeApi({
      listRuns: async (options) => RUNS.filter((r) => options?.includeTrash || !trashed.includes(r.id)).map((r) => ({ ...r })),
      deleteRun: async (id: string) => {
        trashed.push(id)
      },
      restoreRun: async (id: string) => {
        trashed = trashed.filter((t) => t !== id)
      },
      getRun: async (id: string) => makeDetail({ ...RUNS.find((r) => r.id === id) }),
    })
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-run-id="b"] [data-testid="run-select"]').setValue(true)
    await wrapper.get('[data-testid="delete-selected"]').trigger('click')
    await flushPromises()
    expect(api.deleteRun).toHaveBeenCalledWith('b')
    expect(rowIds(wrapper)).toEqual(['a', 'c'])
    expect(wrapper.get('[data-testid="delete-notice"]').text()).toContain('beta')
    await wrapper.get('[data-testid="undo-delete"]').trigger('click')
    await flushPromises()
    expect(api.restoreRun).toHaveBeenCalledWith('b')
    expect(rowIds(wrapper)).toEqual(['a', 'b', 'c'])
    expect(wrapper.find('[data-testid="undo-delete"]').exists()).toBe(false)

    // Delete again, then restore from the trash.
    await wrapper.get('[data-run-id="b"] [data-testid="run-select"]').setValue(true)
    await wrapper.get('[data-testid="delete-selected"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="trash-toggle"]').trigger('click')
    await flushPromises()
    expect(rowIds(wrapper)).toEqual(['b'])
    await wrapper.get('[data-testid="restore-run"]').trigger('click')
    await flushPromises()
    expect(api.restoreRun).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-testid="trash-empty"]').exists()).toBe(true)
    await wrapper.get('[data-testid="trash-toggle"]').trigger('click')
    expect(rowIds(wrapper)).toEqual(['a', 'b', 'c'])
  })

  it('shows each trashed run’s size, and empties the trash only after a confirmation naming what it frees', async () => {
    let trashed = ['b', 'c']
    const api = fakeApi({
      listRuns: async (options) => RUNS.filter((r) => options?.includeTrash || !trashed.includes(r.id)).map((r) => ({ ...r })),
      trashUsage: async () => ({
        runs: trashed.map((id) => ({ id, bytes: id === 'b' ? 1_500_000 : 2_000, files: 3 })),
        bytes: trashed.length ? 1_502_000 : 0,
      }),
      emptyTrash: async () => {
        const removed = trashed
        trashed = []
        return { removed, bytes: 1_502_000 }
      },
    })
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-testid="trash-toggle"]').trigger('click')
    await flushPromises()
    expect(rowIds(wrapper).sort()).toEqual(['b', 'c'])
    expect(wrapper.get('[data-run-id="b"] [data-testid="trash-run-size"]').text()).toBe('1.5 MB')
    expect(wrapper.get('[data-run-id="c"] [data-testid="trash-run-size"]').text()).toBe('2 KB')
    expect(wrapper.get('[data-testid="trash-size"]').text()).toContain('2 runs · 1.5 MB on disk')

    await wrapper.get('[data-testid="empty-trash"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="empty-trash-confirm"]').text()).toContain('Delete 2 runs for good? This frees 1.5 MB')
    expect(api.emptyTrash).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="empty-trash-cancel"]').trigger('click')
    expect(wrapper.find('[data-testid="empty-trash-confirm"]').exists()).toBe(false)
    expect(api.emptyTrash).not.toHaveBeenCalled()

    await wrapper.get('[data-testid="empty-trash"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="empty-trash-yes"]').trigger('click')
    await flushPromises()
    expect(api.emptyTrash).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[data-testid="trash-emptied"]').text()).toBe('Deleted 2 runs for good, freed 1.5 MB.')
    expect(wrapper.find('[data-testid="trash-empty"]').exists()).toBe(true)
  })

  it('moves progress and key metrics live from events', async () => {
    const { wrapper, api } = await mountPage()
    api.emit({ type: 'run-progress', runId: 'a', step: 50, epoch: 2, totalSteps: 100, totalEpochs: 4, etaMs: 90_000 })
    api.emit({ type: 'metrics', runId: 'a', name: 'val_accuracy', points: [{ step: 50, epoch: 2, time: 5, value: 0.25 }] })
    await flushPromises()
    const row = wrapper.get('[data-run-id="a"]')
    expect(row.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('50')
    // The clock ticks once a second, so it may read up to a second before the event arrived.
    expect(row.get('[data-testid="time-left"]').text()).toMatch(/1 min (29|30|31) s left/)
    expect(row.get('[data-metric="val_accuracy"]').text()).toBe('0.25')
    expect(api.listRuns).toHaveBeenCalledTimes(1)
  })

  it('shows an empty state with a way to start a run', async () => {
    const { wrapper } = await mountPage(fakeApi())
    expect(wrapper.find('[data-testid="runs-table"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="empty-new-run"]').attributes('href')).toBe('/new')
  })
})
