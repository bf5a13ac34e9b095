/**
 * Watches one training process on behalf of the core: writes what it reports into the run store,
 * forwards new points to listeners, and settles the run's final status when the process ends.
 */
import { appendFileSync } from 'node:fs'
import type { CoreEvent, RunStatus, RunSummary } from '../../shared/api'
import type { RunStore } from '../store'
import type { TrainingProcess } from '../training/launcher'

/** Meta is rewritten at most this often for progress alone (metrics files are the record). */
const META_PROGRESS_INTERVAL_MS = 1000

export class RunSupervisor {
  private cancelRequested = false
  private finalStatus: 'completed' | 'cancelled' | null = null
  private errorMessage: string | null = null
  private lastMetaWrite = 0
  /** The first progress message: step and time the estimate of time left counts from. */
  private anchor: { step: number; time: number } | null = null
  private lastStep = { step: 0, epoch: 0 }
  readonly done: Promise<RunSummary>

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    private readonly child: TrainingProcess,
    private readonly emit: (event: CoreEvent) => void,
  ) {
    let resolveDone!: (summary: RunSummary) => void
    this.done = new Promise((resolve) => (resolveDone = resolve))
    child.onMessage((message) => {
      try {
        this.handle(message)
      } catch (error) {
        this.log(`core could not record a message from training: ${(error as Error).message}`)
      }
    })
    child.onExit((code, signal) => resolveDone(this.settle(code, signal)))
  }

  cancel(): void {
    this.cancelRequested = true
    this.child.send({ type: 'cancel' })
    // A trainer stuck inside a long step is stopped the hard way after a grace period.
    setTimeout(() => this.child.kill('SIGKILL'), 15_000).unref()
  }

  private log(line: string): void {
    appendFileSync(this.store.logPath(this.runId), `[core] ${line}\n`)
    this.emit({ type: 'log', runId: this.runId, line })
  }

  private handle(message: Parameters<Parameters<TrainingProcess['onMessage']>[0]>[0]): void {
    const id = this.runId
    switch (message.type) {
      case 'engine': {
        const versions = { ...this.store.readMeta(id).versions, ...message.versions }
        // A utilityProcess has a pid only once it has spawned: record it now at the latest.
        this.store.updateMeta(id, { backend: message.selected, versions, workerPid: this.child.pid ?? null })
        for (const b of message.backends) this.log(`backend ${b.name}: ${b.selected ? 'selected' : b.ok && !b.reason ? 'ok' : (b.reason ?? 'ok')}`)
        break
      }
      case 'dataset':
        this.store.updateMeta(id, { dataset: message.dataset })
        break
      case 'metrics':
        this.store.appendMetric(id, message.name, message.points)
        this.emit({ type: 'metrics', runId: id, name: message.name, points: message.points })
        break
      case 'progress': {
        const now = Date.now()
        // Start-up (process, backend, decoding the data) happens before the first progress
        // message: counting from it would make the first estimates many times too long.
        this.anchor ??= { step: message.step, time: now }
        this.lastStep = { step: message.step, epoch: message.epoch }
        const etaMs = estimateTimeLeft(this.anchor, { step: message.step, time: now }, message.totalSteps)
        if (now - this.lastMetaWrite >= META_PROGRESS_INTERVAL_MS) {
          this.lastMetaWrite = now
          this.store.updateMeta(id, { step: message.step, epoch: message.epoch, totalSteps: message.totalSteps, totalEpochs: message.totalEpochs })
        }
        this.emit({ type: 'run-progress', runId: id, step: message.step, epoch: message.epoch, totalSteps: message.totalSteps, totalEpochs: message.totalEpochs, etaMs })
        break
      }
      case 'sample': {
        this.store.appendSample(id, message.name, { step: message.step, time: Date.now(), value: message.value })
        this.emit({ type: 'sample', runId: id, step: message.step, name: message.name, value: message.value })
        break
      }
      case 'checkpoint':
        this.store.updateMeta(id, { lastCheckpoint: message.checkpoint.name, step: message.checkpoint.step, epoch: message.checkpoint.epoch })
        this.log(`checkpoint ${message.checkpoint.name} at step ${message.checkpoint.step}`)
        break
      case 'image':
        this.emit({ type: 'image', runId: id, image: message.image })
        break
      case 'log':
        this.log(message.line)
        break
      case 'done':
        this.finalStatus = message.status
        break
      case 'error':
        this.errorMessage = message.message
        if (message.stack) appendFileSync(this.store.logPath(id), message.stack + '\n')
        break
    }
  }

  private lastLogLines(count: number): string {
    try {
      // The end of the log is enough for a few lines (and a huge log is not read whole).
      const lines = this.store.readLogTail(this.runId, 64 * 1024).trimEnd().split('\n')
      return lines.slice(-count).join(' | ')
    } catch {
      return ''
    }
  }

  private settle(code: number | null, signal: string | null): RunSummary {
    let status: RunStatus
    let error: string | null = null
    if (this.finalStatus) {
      status = this.finalStatus
    } else if (this.errorMessage) {
      status = 'failed'
      error = this.errorMessage
    } else if (this.cancelRequested) {
      status = 'cancelled'
    } else if (signal) {
      status = 'interrupted'
      error = `the training process was killed (${signal}); resume continues from the last checkpoint`
    } else {
      status = 'failed'
      error = `the training process exited with code ${code}: ${this.lastLogLines(5)}`
    }
    const meta = this.store.updateMeta(this.runId, (m) => ({
      status,
      error,
      endedAt: new Date().toISOString(),
      workerPid: null,
      ownerPid: null,
      // Progress is written to meta at most once a second: catch up with the last step reported.
      step: Math.max(m.step, this.lastStep.step),
      epoch: Math.max(m.epoch, this.lastStep.epoch),
    }))
    this.emit({ type: 'run-status', runId: this.runId, status, error })
    return { ...meta, latest: this.store.latestMetrics(this.runId), dir: this.store.runDir(this.runId) }
  }
}

/**
 * Time left from the pace since `anchor` (the first progress message, sent before the first
 * step): null while no step has been timed yet (the run is starting).
 */
export function estimateTimeLeft(anchor: { step: number; time: number }, now: { step: number; time: number }, totalSteps: number): number | null {
  const done = now.step - anchor.step
  const elapsed = now.time - anchor.time
  if (done <= 0 || elapsed < 0) return null
  return Math.round((elapsed / done) * Math.max(0, totalSteps - now.step))
}
