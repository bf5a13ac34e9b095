/**
 * Watches one training process on behalf of the core: writes what it reports into the run store,
 * forwards new points to listeners, and settles the run's final status when the process ends.
 *
 * Nothing the process said is lost: the launcher reports the exit only after the last message,
 * the process waits for `recorded` before it ends, and an exit that still comes without a final
 * message waits a moment for one. A final status that cannot be written (a full disk) is kept
 * here, retried, and shown by the core meanwhile, instead of leaving the run "running".
 */
import type { CoreEvent, RunMeta, RunStatus, RunSummary } from '../../shared/api'
import { toRunMeta, type RunStore } from '../store'
import type { TrainingProcess } from '../training/launcher'

/** Meta is rewritten at most this often for progress alone (metrics files are the record). */
const META_PROGRESS_INTERVAL_MS = 1000
/** How long an exit without a final message waits for one that may still be on its way. */
const LATE_MESSAGE_WAIT_MS = 3000
/** Attempts at writing the final status right away, and the pause between later retries. */
const END_WRITE_ATTEMPTS = 3
const END_RETRY_MS = 5000

export interface SupervisorOptions {
  lateMessageWaitMs?: number
  endRetryMs?: number
}

export class RunSupervisor {
  private cancelRequested = false
  private finalStatus: 'completed' | 'cancelled' | null = null
  private errorMessage: string | null = null
  private lastMetaWrite = 0
  /** The first progress message: step and time the estimate of time left counts from. */
  private anchor: { step: number; time: number } | null = null
  private lastStep = { step: 0, epoch: 0 }
  private finalMessage: (() => void) | null = null
  /** The final state while meta.json could not be written; null once it is on disk. */
  private unwrittenEnd: Partial<RunMeta> | null = null
  private retryTimer: NodeJS.Timeout | null = null
  readonly done: Promise<RunSummary>

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    private readonly child: TrainingProcess,
    private readonly emit: (event: CoreEvent) => void,
    private readonly options: SupervisorOptions = {},
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
    child.onExit((code, signal) => void this.waitForFinalMessage().then(() => resolveDone(this.settle(code, signal))))
  }

  /** The run's final state if it could not be written to meta.json yet (see `settle`). */
  get pendingEnd(): Partial<RunMeta> | null {
    return this.unwrittenEnd
  }

  cancel(): void {
    this.cancelRequested = true
    this.child.send({ type: 'cancel' })
    // A trainer stuck inside a long step is stopped the hard way after a grace period.
    setTimeout(() => this.child.kill('SIGKILL'), 15_000).unref()
  }

  /** A log line that cannot be written (full disk) still reaches the listeners. */
  private log(line: string): void {
    try {
      this.store.appendLog(this.runId, `[core] ${line}\n`)
    } catch {
      // The listeners below still get it; the run's record is meta.json, not its log.
    }
    this.emit({ type: 'log', runId: this.runId, line })
  }

  /** Resolves at once after `done` or `error`, else when one arrives or after a short wait. */
  private waitForFinalMessage(): Promise<void> {
    if (this.finalStatus || this.errorMessage) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.lateMessageWaitMs ?? LATE_MESSAGE_WAIT_MS)
      this.finalMessage = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  /** The last message is handled (and everything before it): the process may end now. */
  private acknowledgeFinal(): void {
    this.child.send({ type: 'recorded' })
    this.finalMessage?.()
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
        this.acknowledgeFinal()
        break
      case 'error':
        this.errorMessage = message.message
        this.acknowledgeFinal()
        if (message.stack) this.store.appendLog(id, message.stack + '\n')
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
    const end = { status, error, endedAt: new Date().toISOString(), workerPid: null, ownerPid: null }
    const meta = this.writeEnd(end)
    this.emit({ type: 'run-status', runId: this.runId, status: meta.status, error: meta.error })
    return { ...meta, latest: this.latestMetrics(), dir: this.store.runDir(this.runId) }
  }

  /**
   * Writes the final state, trying a few times. If meta.json still cannot be written (a full disk),
   * the run is failed with one line that says so, the state is kept for the core to show and
   * retried in the background; if this process ends first, readers see a dead owner and list the
   * run as interrupted. It stays resumable from its last checkpoint either way.
   */
  private writeEnd(end: Partial<RunMeta>): RunMeta {
    const apply = (m: RunMeta): Partial<RunMeta> => ({
      ...end,
      // Progress is written to meta at most once a second: catch up with the last step reported.
      step: Math.max(m.step, this.lastStep.step),
      epoch: Math.max(m.epoch, this.lastStep.epoch),
    })
    let failure: unknown
    for (let attempt = 0; attempt < END_WRITE_ATTEMPTS; attempt++) {
      try {
        return this.store.updateMeta(this.runId, apply)
      } catch (error) {
        failure = error
      }
    }
    const reason = `could not record the end of the run in ${this.store.runDir(this.runId)}/meta.json: ${errorMessage(failure)}`
    const shown: Partial<RunMeta> = end.status === 'failed' ? { ...end, error: `${end.error}; ${reason}` } : { ...end, status: 'failed', error: reason }
    this.unwrittenEnd = shown
    this.log(reason)
    this.retryEnd(apply)
    let current: RunMeta
    try {
      current = this.store.readMeta(this.runId)
    } catch {
      current = toRunMeta({ status: 'failed' }, this.runId) as RunMeta
    }
    return { ...current, ...apply(current), ...shown }
  }

  /** The run is started again: its old end must not be written over the new start. */
  dropUnwrittenEnd(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.unwrittenEnd = null
  }

  private retryEnd(apply: (m: RunMeta) => Partial<RunMeta>): void {
    const timer = setTimeout(() => {
      if (this.unwrittenEnd === null) return
      try {
        // The space may be back: write what happened, not the "could not write" failure.
        this.store.updateMeta(this.runId, apply)
        this.unwrittenEnd = null
      } catch {
        this.retryEnd(apply)
      }
    }, this.options.endRetryMs ?? END_RETRY_MS)
    this.retryTimer = timer
    // A command that is done must not wait for the disk; a later read then sees a dead owner.
    timer.unref()
  }

  private latestMetrics(): Record<string, number> {
    try {
      return this.store.latestMetrics(this.runId)
    } catch {
      return {}
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
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
