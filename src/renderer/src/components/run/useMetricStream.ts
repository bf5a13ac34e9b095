import { markRaw, reactive, ref, type Ref } from 'vue'
import type { BenchtopApi, MetricPoint } from '../../../../shared/api'
import { errorMessage } from '../format'
import { appendNewer, orderMetricNames } from '../samples'

/**
 * A run's metric curves: each metric's file is read once, then grown in place from the core's
 * events. The arrays are markRaw'd (Vue proxies would slow a chart of a million points) and a
 * revision per metric tells its chart that its array grew. Points that arrive while a metric is
 * being read wait in a buffer and are appended after it.
 */
export function useMetricStream(
  runId: Ref<string>,
  api: Pick<BenchtopApi, 'readMetric'>,
  disposed: () => boolean,
) {
  const metricPoints: Record<string, MetricPoint[]> = {}
  const buffers = new Map<string, MetricPoint[]>()
  const requested = new Set<string>()
  const metricNames = ref<string[]>([])
  const revisions = reactive<Record<string, number>>({})
  const metricErrors = reactive<Record<string, string>>({})

  function addMetricName(name: string): void {
    if (!metricNames.value.includes(name)) metricNames.value = orderMetricNames([...metricNames.value, name])
  }

  async function loadMetric(name: string): Promise<void> {
    if (requested.has(name)) return
    requested.add(name)
    buffers.set(name, [])
    let points: MetricPoint[] = []
    try {
      points = await api.readMetric(runId.value, name)
    } catch (error) {
      metricErrors[name] = `Could not read ${name}: ${errorMessage(error)}`
    }
    if (disposed()) return
    const target = markRaw(Array.isArray(points) ? points : [])
    appendNewer(target, buffers.get(name) ?? [])
    buffers.delete(name)
    metricPoints[name] = target
    revisions[name] = 1
    addMetricName(name)
  }

  function appendPoints(name: string, points: MetricPoint[]): void {
    const buffer = buffers.get(name)
    if (buffer) {
      buffer.push(...points)
      return
    }
    const target = metricPoints[name]
    if (!target) {
      // A metric the run had not reported when the page opened: read what the file has, once.
      void loadMetric(name)
      buffers.get(name)?.push(...points)
      return
    }
    if (appendNewer(target, points) > 0) revisions[name] = (revisions[name] ?? 0) + 1
  }

  const pointsOf = (name: string): MetricPoint[] | undefined => metricPoints[name]

  return { metricNames, revisions, metricErrors, pointsOf, loadMetric, appendPoints }
}
