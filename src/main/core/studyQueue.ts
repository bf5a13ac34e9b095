/**
 * Starts a study's runs `parallel` at a time, in order: a run waits as `queued` until a slot frees.
 * Cancelling drops the runs not started yet (the caller marks them cancelled) and stops the
 * running ones. The queue lives in the process that started the study; see studies.md.
 */
export interface QueueHooks {
  /** Starts a run and resolves when its training process has ended (whatever the outcome). */
  start(runId: string): Promise<unknown>
  /** Cancels a running run. */
  cancel(runId: string): Promise<void>
  /** A queued run will never start (the study was cancelled, or starting it failed). */
  dropped(runId: string, reason: string | null): void
}

export class StudyQueue {
  private readonly waiting: string[]
  private readonly running = new Set<string>()
  private cancelled = false
  private resolveDone!: () => void
  /** Resolves once every run has ended or been dropped. */
  readonly done: Promise<void>

  constructor(
    runIds: readonly string[],
    private readonly parallel: number,
    private readonly hooks: QueueHooks,
  ) {
    this.waiting = [...runIds]
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
    this.fill()
  }

  get queued(): readonly string[] {
    return this.waiting
  }

  has(runId: string): boolean {
    return this.waiting.includes(runId) || this.running.has(runId)
  }

  async cancel(): Promise<void> {
    this.cancelled = true
    for (const id of this.waiting.splice(0)) this.hooks.dropped(id, null)
    await Promise.all([...this.running].map((id) => this.hooks.cancel(id).catch(() => undefined)))
    this.settleIfIdle()
  }

  private fill(): void {
    while (!this.cancelled && this.running.size < this.parallel && this.waiting.length > 0) {
      const id = this.waiting.shift()!
      this.running.add(id)
      let started: Promise<unknown>
      try {
        started = this.hooks.start(id)
      } catch (error) {
        started = Promise.reject(error)
      }
      started
        .catch((error: unknown) => this.hooks.dropped(id, error instanceof Error ? error.message : String(error)))
        .finally(() => {
          this.running.delete(id)
          this.fill()
          this.settleIfIdle()
        })
    }
    this.settleIfIdle()
  }

  private settleIfIdle(): void {
    if (this.running.size === 0 && (this.waiting.length === 0 || this.cancelled)) this.resolveDone()
  }
}
