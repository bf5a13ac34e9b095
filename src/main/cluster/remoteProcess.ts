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
 * Keeps each metric step once: a run resumed on another worker redoes the steps after its last
 * checkpoint, and a coordinator that comes back re-reads events it may have applied. The first
 * point of a step is kept; later ones of that step (and older steps) are dropped.
 */
export class StepDeduper {
  private readonly last = new Map<string, number>()

  constructor(initial: Record<string, number> = {}) {
    for (const [name, step] of Object.entries(initial)) this.last.set(name, step)
  }

  /** The points of `name` not seen yet, in order; remembers them as seen. */
  fresh<P extends { step: number }>(name: string, points: readonly P[]): P[] {
    let last = this.last.get(name) ?? -Infinity
    const out: P[] = []
    for (const p of points) {
      if (p.step > last) {
        out.push(p)
        last = p.step
      }
    }
    this.last.set(name, last)
    return out
  }
}
