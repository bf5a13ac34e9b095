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
 * Wall time of each epoch (ms), from the times of the points: epoch e > 1 lasts from the end of
 * epoch e-1 to the end of epoch e (its validation and checkpoint included). Epoch 1 is timed from
 * the end of its first step, not from the run's start, so that process start-up, data decoding and
 * the first step's one-off kernel setup do not count; it therefore leaves out one step.
 */
export function epochDurations(loss: readonly MetricPoint[], epochEnds: readonly MetricPoint[]): number[] {
  const out: number[] = []
  for (let i = 0; i < epochEnds.length; i++) {
    const start = i === 0 ? loss.find((p) => p.epoch === epochEnds[0].epoch)?.time : epochEnds[i - 1].time
    if (start === undefined) continue
    const ms = epochEnds[i].time - start
    if (ms >= 0) out.push(ms)
  }
  return out
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
    }
  })
}
