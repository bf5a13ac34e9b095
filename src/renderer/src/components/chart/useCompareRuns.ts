import { computed, markRaw, onBeforeUnmount, reactive, ref, watch, type Ref } from 'vue'
import type { CoreEvent, MetricPoint, RunDetail } from '../../../../shared/api'
import { useApi } from '../../api'
import { seriesColor } from '../../charts/colors'
import { addPoints, differingConfig, errorText, experimentsOf, seedsDiffer } from '../../charts/compare'
import { compareCharts, legendItems, type CompareChart, type CompareRunCurves } from '../../charts/compareSeries'

export interface CompareEntry {
  id: string
  state: 'loading' | 'ready' | 'error'
  run: RunDetail | null
  /** Why the run could not be loaded. */
  error: string | null
  /** Metrics of this run that could not be read, with why. */
  metricErrors: Record<string, string>
  color: string
}

export type { CompareChart }

export interface CompareViewOptions {
  /** Runs hidden in the shared legend (by id). */
  hidden: Ref<ReadonlySet<string>>
  /** Whether seeds count among the config values that differ. */
  includeSeeds: Ref<boolean>
}

/**
 * The runs of the Compare page: loads each run and all points of every metric (kept markRaw'd),
 * then grows them in place from the core's `metrics` events and bumps that metric's revision.
 * Events that arrive while a run or metric is still loading are buffered and applied after.
 */
export function useCompareRuns(ids: Ref<readonly string[]>, view?: CompareViewOptions) {
  const api = useApi()
  const entries = ref<CompareEntry[]>([])
  /** runId -> metric -> points (markRaw: never deeply reactive). */
  const points = new Map<string, Map<string, MetricPoint[]>>()
  /** `${runId}\u0000${metric}` of metrics being read, and the live points that came meanwhile. */
  const pending = new Map<string, MetricPoint[]>()
  /** Bumped when a curve appears or goes. */
  const structure = ref(0)
  /** Bumped per metric when points were added in place. */
  const revisions = reactive<Record<string, number>>({})
  /** Metric files being read. */
  const metricsLoading = ref(0)
  let disposed = false

  const keyOf = (runId: string, metric: string): string => `${runId}\u0000${metric}`

  function entry(id: string): CompareEntry | undefined {
    return entries.value.find((e) => e.id === id)
  }

  function setPoints(runId: string, metric: string, pts: MetricPoint[]): void {
    let byMetric = points.get(runId)
    if (!byMetric) points.set(runId, (byMetric = new Map()))
    byMetric.set(metric, markRaw(pts))
    structure.value++
  }

  async function loadMetric(runId: string, metric: string): Promise<void> {
    const key = keyOf(runId, metric)
    if (!pending.has(key)) pending.set(key, [])
    metricsLoading.value++
    try {
      const read = await api.readMetric(runId, metric)
      if (disposed || !entry(runId)) return
      const pts = read.slice()
      addPoints(pts, pending.get(key) ?? [])
      setPoints(runId, metric, pts)
    } catch (error) {
      const e = entry(runId)
      if (e) e.metricErrors[metric] = errorText(error)
    } finally {
      pending.delete(key)
      metricsLoading.value--
    }
  }

  async function loadRun(id: string): Promise<void> {
    // Buffer live points of this run until its metrics are read.
    const runKey = keyOf(id, '')
    pending.set(runKey, [])
    try {
      const run = await api.getRun(id)
      const e = entry(id)
      if (disposed || !e) return
      e.run = run
      e.state = 'ready'
      const names = new Set(run.metricNames)
      // Metrics that appeared live before the run was read.
      for (const [key] of pending) {
        const [rid, metric] = key.split('\u0000')
        if (rid === id && metric) names.add(metric)
      }
      await Promise.all([...names].map((m) => loadMetric(id, m)))
    } catch (error) {
      const e = entry(id)
      if (e && e.state === 'loading') {
        e.state = 'error'
        e.error = errorText(error) || 'could not load this run'
      }
    } finally {
      pending.delete(runKey)
    }
  }

  watch(
    () => ids.value.join(','),
    () => {
      const wanted = ids.value
      const kept = new Map(entries.value.map((e) => [e.id, e]))
      const next: CompareEntry[] = []
      const toLoad: string[] = []
      wanted.forEach((id, index) => {
        const old = kept.get(id)
        if (old) {
          old.color = seriesColor(index)
          next.push(old)
        } else {
          next.push({ id, state: 'loading', run: null, error: null, metricErrors: {}, color: seriesColor(index) })
          toLoad.push(id)
        }
      })
      for (const id of kept.keys()) if (!wanted.includes(id)) points.delete(id)
      entries.value = next
      structure.value++
      for (const id of toLoad) void loadRun(id)
    },
    { immediate: true },
  )

  function onEvent(event: CoreEvent): void {
    if (disposed) return
    const e = entry(event.runId)
    if (!e) return
    switch (event.type) {
      case 'metrics': {
        const key = keyOf(event.runId, event.name)
        const buffered = pending.get(key)
        if (buffered) {
          buffered.push(...event.points)
          return
        }
        const existing = points.get(event.runId)?.get(event.name)
        if (existing) {
          addPoints(existing, event.points)
          revisions[event.name] = (revisions[event.name] ?? 0) + 1
        } else if (pending.has(keyOf(event.runId, ''))) {
          // The run is still being read: keep the points for when it is.
          pending.set(key, [...event.points])
        } else if (e.state === 'ready') {
          setPoints(event.runId, event.name, event.points.slice())
          if (e.run && !e.run.metricNames.includes(event.name)) e.run.metricNames.push(event.name)
        }
        return
      }
      case 'run-status':
        if (e.run) {
          e.run.status = event.status
          e.run.error = event.error
        }
        return
      case 'run-progress':
        if (e.run) {
          e.run.step = event.step
          e.run.epoch = event.epoch
          e.run.totalSteps = event.totalSteps
          e.run.totalEpochs = event.totalEpochs
        }
        return
      default:
        return
    }
  }

  let unsubscribe: (() => void) | null = null
  try {
    unsubscribe = api.subscribe(onEvent)
  } catch {
    unsubscribe = null
  }
  onBeforeUnmount(() => {
    disposed = true
    unsubscribe?.()
  })

  const readyRuns = computed(() => entries.value.filter((e) => e.state === 'ready' && e.run).map((e) => e.run as RunDetail))
  const differing = computed(() => differingConfig(readyRuns.value, { includeSeeds: view?.includeSeeds.value ?? false }))
  const hasSeedDifferences = computed(() => seedsDiffer(readyRuns.value))
  const experiments = computed(() => experimentsOf(readyRuns.value))
  const hidden = computed<ReadonlySet<string>>(() => view?.hidden.value ?? new Set())

  const loaded = computed<CompareRunCurves[]>(() => {
    void structure.value
    return entries.value.filter((e) => e.run).map((e) => ({ id: e.id, run: e.run as RunDetail, color: e.color, curves: points.get(e.id) }))
  })
  const charts = computed<CompareChart[]>(() => compareCharts(loaded.value, differing.value, hidden.value))
  const legend = computed(() => legendItems(loaded.value, differing.value, hidden.value))

  const loading = computed(() => metricsLoading.value > 0 || entries.value.some((e) => e.state === 'loading'))

  return { entries, charts, legend, differing, hasSeedDifferences, experiments, revisions, loading }
}
