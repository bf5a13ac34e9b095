import type { ConfigValue, MetricPoint, RunStatus, StudyTableRow } from '../api'

/** What the table needs to know about one run of a study. */
export interface StudyRunMetrics {
  runId: string
  name: string
  status: RunStatus
  values: Record<string, ConfigValue>
  /** Per-step training loss (`loss`): its first point marks the end of the first step. */
  loss: readonly MetricPoint[]
  /** Per-epoch training accuracy (`epoch_accuracy`). */
  trainAccuracy: readonly MetricPoint[]
  /** Per-epoch validation accuracy (`val_accuracy`): its points mark the end of each epoch. */
  valAccuracy: readonly MetricPoint[]
  params: number | null
  /** The queue worker and host that train it (shared/remoteRun.ts), or null for a local run. */
  worker?: string | null
}

const finite = (points: readonly MetricPoint[]) => points.map((p) => p.value).filter((v) => Number.isFinite(v))
const last = (values: number[]) => (values.length ? values[values.length - 1] : null)
const best = (values: number[]) => (values.length ? Math.max(...values) : null)

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/**
 * Wall time of the epochs worth timing (ms), from the times of the points. Epoch e > 1 lasts from
 * the end of epoch e-1 to the end of epoch e (its validation and checkpoint included). Epoch 1 also
 * pays for one-off costs (process start, data decoding, the first step's kernel setup), so it is
 * left out when there are later epochs; a run of one epoch is timed from the end of its first step
 * plus one typical step (the median gap between its steps), or not at all if it has one step.
 */
export function epochDurations(loss: readonly MetricPoint[], epochEnds: readonly MetricPoint[]): number[] {
  if (epochEnds.length === 0) return []
  if (epochEnds.length > 1) return epochEnds.slice(1).map((p, i) => p.time - epochEnds[i].time)
  const steps = loss.filter((p) => p.epoch === epochEnds[0].epoch)
  if (steps.length < 2) return []
  const step = median(steps.slice(1).map((p, i) => p.time - steps[i].time))!
  return [epochEnds[0].time - steps[0].time + step]
}

/** One table row per run: final and best train/validation accuracy, median epoch time, parameters. */
export function studyTable(runs: readonly StudyRunMetrics[]): StudyTableRow[] {
  return runs.map((r) => {
    const train = finite(r.trainAccuracy)
    const val = finite(r.valAccuracy)
    return {
      runId: r.runId,
      name: r.name,
      status: r.status,
      values: r.values,
      finalTrainAccuracy: last(train),
      bestTrainAccuracy: best(train),
      finalValAccuracy: last(val),
      bestValAccuracy: best(val),
      medianEpochMs: median(epochDurations(r.loss, r.valAccuracy)),
      params: r.params,
      epochs: r.valAccuracy.length,
      // Only runs on a queue carry it: a local study's rows are as before.
      ...(r.worker ? { worker: r.worker } : {}),
    }
  })
}
