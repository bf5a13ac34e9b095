/**
 * A run training on a queue worker, seen through the same `TrainingProcess` interface as a local
 * training child: the coordinator feeds it the messages read from the run's event stream and the
 * end, so the core's RunSupervisor records a remote run exactly as it records a local one.
 * Asking it to stop (cancel, or kill after the grace period) raises the run's cancel flag.
 */
import type { TrainingProcess } from '../training/launcher'
import type { FromWorker, ToWorker } from '../training/protocol'

export class RemoteTrainingProcess implements TrainingProcess {
  readonly pid = undefined
  private readonly messageListeners: Array<(message: FromWorker) => void> = []
  private readonly exitListeners: Array<(code: number | null, signal: string | null) => void> = []
  private exited = false

  constructor(private readonly requestStop: () => void) {}

  send(message: ToWorker): void {
    if (message.type === 'cancel') this.requestStop()
  }

  kill(): void {
    this.requestStop()
  }

  onMessage(listener: (message: FromWorker) => void): void {
    this.messageListeners.push(listener)
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener)
  }

  deliver(message: FromWorker): void {
    if (this.exited) return
    for (const listener of this.messageListeners) listener(message)
  }

  exit(code: number | null, signal: string | null): void {
    if (this.exited) return
    this.exited = true
    for (const listener of this.exitListeners) listener(code, signal)
  }
}

/**
 * Keeps each step of each metric (and of each sample) once: a run resumed on another worker redoes
 * the steps after its last checkpoint, a worker replays what Redis lost, and a coordinator that
 * comes back re-reads events it may have applied. The first point of a step is kept, later ones
 * dropped; a step missing so far (lost, then replayed) is still taken.
 */
export class StepDeduper {
  private readonly seen = new Map<string, Set<number>>()

  /** `initial`: the steps already recorded, by key (`metric:<name>`, `sample:<name>`). */
  constructor(initial: Record<string, Iterable<number>> = {}) {
    for (const [key, steps] of Object.entries(initial)) this.seen.set(key, new Set(steps))
  }

  /** The points of `key` not seen yet, in order; remembers them as seen. */
  fresh<P extends { step: number }>(key: string, points: readonly P[]): P[] {
    let steps = this.seen.get(key)
    if (!steps) this.seen.set(key, (steps = new Set()))
    const out: P[] = []
    for (const p of points) {
      if (steps.has(p.step)) continue
      steps.add(p.step)
      out.push(p)
    }
    return out
  }
}
