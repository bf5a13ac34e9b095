/**
 * The runs the core knows, kept live: one subscription to the core's events for the whole app.
 * Status changes refresh the run, progress and metric events update the listed run in place (so a
 * table's progress bars and key metrics move without reloading the list). Pages that need the raw
 * events (the run page's charts) listen through `onEvent`, never with a second subscription.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { BackendName, CoreEvent, CoreListener, RunDetail, RunSummary } from '../../../shared/api'
import { useApi } from '../api'
import { errorMessage, isActive, type EtaEntry } from '../components/format'

export type RunAction = 'cancel' | 'resume' | 'delete' | 'restore'

const VERBS: Record<RunAction, string> = {
  cancel: 'cancel',
  resume: 'resume',
  delete: 'delete',
  restore: 'restore',
}

/** A RunSummary without the detail-only fields (params, checkpoints, ...). */
export function summaryOf(run: RunSummary | RunDetail): RunSummary {
  const { params: _p, metricNames: _m, checkpoints: _c, artifacts: _a, ...summary } = run as RunDetail
  return { ...summary, latest: { ...(summary.latest ?? {}) } }
}

export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([])
  const trash = ref<RunSummary[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const listError = ref<string | null>(null)
  const trashLoaded = ref(false)
  const trashLoading = ref(false)
  const trashError = ref<string | null>(null)
  /** Last ETA reported per run id (any run, listed or not). */
  const eta = reactive<Record<string, EtaEntry>>({})
  /** The last failed action's message, per run id. */
  const errors = reactive<Record<string, string>>({})
  /** The action in flight, per run id. */
  const busy = reactive<Record<string, RunAction>>({})
  /** Ids moved to the trash by the last delete, for "Undo". */
  const lastDeleted = ref<string[]>([])
  /** Names of deleted runs, for the "moved to the trash" notice. */
  const deletedNames = reactive<Record<string, string>>({})

  const listeners = new Set<CoreListener>()
  let unsubscribe: (() => void) | null = null
  let listRefreshTimer: ReturnType<typeof setTimeout> | null = null
  let listRequest = 0
  const backendAsked = new Set<string>()

  const byIdMap = computed(() => new Map(runs.value.map((r) => [r.id, r])))

  function byId(id: string): RunSummary | undefined {
    return byIdMap.value.get(id)
  }

  /** Adds a run (newest first) or updates the listed one in place. */
  function upsert(run: RunSummary | RunDetail): void {
    const summary = summaryOf(run)
    const index = runs.value.findIndex((r) => r.id === summary.id)
    if (index < 0) {
      runs.value.unshift(summary)
      return
    }
    const current = runs.value[index]
    // Meta records progress once a second: events may already be further along.
    if (isActive(summary.status) && current.step > summary.step) {
      summary.step = current.step
      summary.epoch = current.epoch
    }
    Object.assign(current, summary)
  }

  async function load(): Promise<void> {
    const request = ++listRequest
    loading.value = true
    try {
      const list = await useApi().listRuns()
      if (request !== listRequest) return
      runs.value = list.map(summaryOf)
      loaded.value = true
      listError.value = null
    } catch (error) {
      if (request === listRequest) listError.value = errorMessage(error)
    } finally {
      if (request === listRequest) loading.value = false
    }
  }

  /** Trashed runs: the runs listed with the trash that are not listed without it. */
  async function loadTrash(): Promise<void> {
    trashLoading.value = true
    try {
      const api = useApi()
      const [live, all] = await Promise.all([api.listRuns(), api.listRuns({ includeTrash: true })])
      const liveIds = new Set(live.map((r) => r.id))
      trash.value = all.filter((r) => !liveIds.has(r.id)).map(summaryOf)
      runs.value = live.map(summaryOf)
      loaded.value = true
      trashLoaded.value = true
      trashError.value = null
    } catch (error) {
      trashError.value = errorMessage(error)
    } finally {
      trashLoading.value = false
    }
  }

  function scheduleListRefresh(delayMs = 300): void {
    if (listRefreshTimer) return
    listRefreshTimer = setTimeout(() => {
      listRefreshTimer = null
      void load()
    }, delayMs)
  }

  async function refreshRun(id: string): Promise<void> {
    try {
      upsert(await useApi().getRun(id))
    } catch {
      // Gone (deleted elsewhere) or not readable right now: the list knows.
      if (loaded.value) scheduleListRefresh()
    }
  }

  function handle(event: CoreEvent): void {
    const run = byId(event.runId)
    switch (event.type) {
      case 'run-status':
        if (run) {
          run.status = event.status
          run.error = event.error
        }
        if (!isActive(event.status)) delete eta[event.runId]
        // A listed run gets its end time and final progress; an unlisted one joins the list.
        if (run || loaded.value) void refreshRun(event.runId)
        break
      case 'run-progress':
        eta[event.runId] = { etaMs: event.etaMs, at: Date.now() }
        if (run) {
          run.step = event.step
          run.epoch = event.epoch
          run.totalSteps = event.totalSteps
          run.totalEpochs = event.totalEpochs
          // The backend is recorded once training starts, and no event says so: read it once.
          if (run.backend === null && !backendAsked.has(run.id)) {
            backendAsked.add(run.id)
            void refreshRun(run.id)
          }
        } else if (loaded.value) {
          scheduleListRefresh()
        }
        break
      case 'metrics': {
        const last = event.points[event.points.length - 1]
        if (run && last) run.latest[event.name] = last.value
        break
      }
      default:
        break
    }
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('run event listener failed', error)
      }
    }
  }

  function subscribe(): void {
    if (!unsubscribe) unsubscribe = useApi().subscribe(handle)
  }

  /** Subscribes once and loads the list once; safe to call from every page. */
  function init(): void {
    subscribe()
    if (!loaded.value && !loading.value) void load()
  }

  /** Listen to the core's events through the app's one subscription. Returns the remover. */
  function onEvent(listener: CoreListener): () => void {
    subscribe()
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = null
    listeners.clear()
    if (listRefreshTimer) clearTimeout(listRefreshTimer)
    listRefreshTimer = null
  }

  async function act(id: string, action: RunAction, work: () => Promise<void>): Promise<boolean> {
    busy[id] = action
    delete errors[id]
    try {
      await work()
      return true
    } catch (error) {
      errors[id] = `Could not ${VERBS[action]} the run: ${errorMessage(error)}`
      return false
    } finally {
      delete busy[id]
    }
  }

  function cancel(id: string): Promise<boolean> {
    return act(id, 'cancel', async () => {
      await useApi().cancelRun(id)
    })
  }

  /** `backend`: train this leg on that backend (the core checks it can train the experiment). */
  function resume(id: string, backend?: BackendName): Promise<boolean> {
    return act(id, 'resume', async () => {
      upsert(await useApi().resumeRun(id, backend))
    })
  }

  function deleteOne(id: string): Promise<boolean> {
    return act(id, 'delete', async () => {
      await useApi().deleteRun(id)
      const index = runs.value.findIndex((r) => r.id === id)
      if (index >= 0) {
        const [run] = runs.value.splice(index, 1)
        deletedNames[id] = run.name
        if (trashLoaded.value) trash.value.unshift(run)
      }
    })
  }

  /** Moves runs to the trash; the ones that went can be brought back with `undoDelete`. */
  async function remove(ids: string | string[]): Promise<string[]> {
    const list = Array.isArray(ids) ? ids : [ids]
    const results = await Promise.all(list.map((id) => deleteOne(id)))
    const deleted = list.filter((_, i) => results[i])
    if (deleted.length > 0) lastDeleted.value = deleted
    return deleted
  }

  function restore(id: string): Promise<boolean> {
    return act(id, 'restore', async () => {
      await useApi().restoreRun(id)
      trash.value = trash.value.filter((r) => r.id !== id)
      lastDeleted.value = lastDeleted.value.filter((d) => d !== id)
      await refreshRun(id)
    })
  }

  /** Restores the runs of the last delete. */
  async function undoDelete(): Promise<boolean> {
    const ids = lastDeleted.value
    lastDeleted.value = []
    const results = await Promise.all(ids.map((id) => restore(id)))
    await load()
    return results.every(Boolean)
  }

  function dismissDeleted(): void {
    lastDeleted.value = []
  }

  function dismissError(id: string): void {
    delete errors[id]
  }

  return {
    runs,
    trash,
    loaded,
    loading,
    listError,
    trashLoaded,
    trashLoading,
    trashError,
    eta,
    errors,
    busy,
    lastDeleted,
    deletedNames,
    byId,
    upsert,
    load,
    loadTrash,
    refreshRun,
    init,
    onEvent,
    dispose,
    cancel,
    resume,
    remove,
    restore,
    undoDelete,
    dismissDeleted,
    dismissError,
    /** Exposed for tests: feeds an event as if the core sent it. */
    handle,
  }
})
