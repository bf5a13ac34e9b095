/**
 * A remote run that a queue coordinator follows (where it has read the run's event stream to,
 * which attempt counts, the stand-in process its supervisor watches), and what the coordinator
 * writes about it in the run store: the cursor in meta.json, progress, and lines in the run's log.
 */
import { appendFileSync } from 'node:fs'
import type { CoreEvent, RemoteRunInfo, RunMeta, RunSummary } from '../../shared/api'
import type { RunSupervisor } from '../core/runSupervisor'
import type { RunStore } from '../store'
import type { RemoteTrainingProcess, StepDeduper } from './remoteProcess'

export interface Followed {
  runId: string
  cursor: string
  attempt: string | null
  child: RemoteTrainingProcess
  supervisor: RunSupervisor | null
  deduper: StepDeduper
  lastSeen: number
  lastProgress: { step: number; epoch: number } | null
  cancelRequested: boolean
  /** Being caught up from its cursor by `adopt`: the read loop leaves it alone until then. */
  catchingUp: boolean
  done: Promise<RunSummary>
  resolve(summary: RunSummary): void
}

export const isActive = (m: RunMeta) => m.status === 'queued' || m.status === 'running'

/** Steps already in the run's metric and sample files (a coordinator that comes back starts from them). */
export function recordedSteps(store: RunStore, runId: string): Record<string, number[]> {
  const steps: Record<string, number[]> = {}
  for (const name of store.metricNames(runId)) steps[`metric:${name}`] = store.readMetric(runId, name).map((p) => p.step)
  for (const name of store.sampleNames(runId)) steps[`sample:${name}`] = store.readSamples(runId, name).map((r) => r.step)
  for (const image of store.listImages(runId)) (steps[`image:${image.series}`] ??= []).push(image.step)
  return steps
}

/** Records where the run's stream has been read to (and `extra`) in its meta.json. */
export function persistFollowed(store: RunStore, f: Followed, extra: Partial<RemoteRunInfo>): void {
  try {
    store.updateMeta(f.runId, (m) => (m.remote ? { remote: { ...m.remote, cursor: f.cursor, attempt: f.attempt, ...extra } } : {}))
  } catch {
    // Deleted meanwhile: nothing to record.
  }
}

/** Progress reaches meta.json at most once a second: write the last step seen. */
export function trackProgress(store: RunStore, f: Followed): void {
  const p = f.lastProgress
  if (!p) return
  try {
    store.updateMeta(f.runId, (m) => ({ step: Math.max(m.step, p.step), epoch: Math.max(m.epoch, p.epoch) }))
  } catch {
    // Deleted meanwhile.
  }
}

/** A `[queue]` line in the run's log, and to listeners. */
export function logQueueLine(store: RunStore, emit: (event: CoreEvent) => void, runId: string, line: string): void {
  try {
    appendFileSync(store.logPath(runId), `[queue] ${line}\n`)
  } catch {
    // Deleted meanwhile.
  }
  emit({ type: 'log', runId, line: `[queue] ${line}` })
}
