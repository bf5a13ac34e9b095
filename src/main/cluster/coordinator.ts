/**
 * The coordinator's side of the queue: the process that started a study (the command line or the
 * app) puts its runs on the BullMQ queue, reads every run's event stream and records it in its own
 * run store through the core's RunSupervisor, so remote runs look like local ones (with the
 * worker's name and host in meta.json). Checkpoints are copied back as the workers write them.
 *
 * Faults: a worker that dies leaves its job stalled; BullMQ gives it to another worker, which
 * resumes from the shipped checkpoint and announces a new attempt (events of older attempts are
 * ignored; metric steps already recorded are dropped). A job gone from Redis (restarted without
 * its data) while its run is silent is queued again, with the coordinator's copy of the newest
 * checkpoint. A coordinator that was killed picks its runs up again with `adopt` (study show).
 */
import os from 'node:os'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import type { CoreEvent, RemoteRunInfo, RunMeta, RunStatus, RunSummary } from '../../shared/api'
import { RunSupervisor } from '../core/runSupervisor'
import type { DatasetRegistry } from '../datasets'
import { isProcessAlive, type RunStore } from '../store'
import { checkpointKeys, uploadCheckpoint } from './checkpointShipping'
import { lastErrorOf, QUEUE_NAME, unanswered, type QueueConnection } from './connection'
import { isActive, logQueueLine, persistFollowed, recordedSteps, trackProgress, type Followed } from './followedRun'
import { RemoteTrainingProcess, StepDeduper } from './remoteProcess'
import { applyRunEvent, type RunEventContext } from './runEvents'
import { runJobFor } from './runJob'
import { keys, parseEvent, RUN_KEYS_TTL_S, type RunEvent, type RunJobData, type RunJobResult } from './wire'

export interface CoordinatorHooks {
  store: RunStore
  datasets: DatasetRegistry
  emit(event: CoreEvent): void
}

export interface CoordinatorOptions {
  /** How long XREAD waits for new events before the loop looks at the queue (ms). */
  blockMs?: number
  /** A run silent this long has its job looked up in the queue; gone: queued again (ms). */
  lostAfterMs?: number
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class QueueCoordinator {
  private readonly redis: Redis
  private readonly lastError: () => string | null
  private readonly reader: Redis
  private readonly queue: Queue
  private readonly followed = new Map<string, Followed>()
  private loop: Promise<void> | null = null
  private closed = false
  private lastWatch = 0
  private readonly blockMs: number
  private readonly lostAfterMs: number
  private readonly me = { pid: process.pid, hostname: os.hostname() }
  /** What applying a run's events needs from here (runEvents.ts). */
  private readonly events: RunEventContext

  constructor(
    readonly connection: QueueConnection,
    private readonly hooks: CoordinatorHooks,
    options: CoordinatorOptions = {},
  ) {
    this.redis = new Redis(connection.options)
    this.reader = new Redis(connection.options)
    // Errors are retried by ioredis (reconnects); without a listener they would be thrown.
    this.redis.on('error', () => undefined)
    this.lastError = lastErrorOf(this.redis)
    this.reader.on('error', () => undefined)
    this.queue = new Queue(QUEUE_NAME, { connection: connection.options })
    this.queue.on('error', () => undefined)
    this.blockMs = options.blockMs ?? 1000
    this.lostAfterMs = options.lostAfterMs ?? 60_000
    this.events = {
      store: hooks.store,
      redis: this.redis,
      emit: (event) => hooks.emit(event),
      log: (runId, line) => logQueueLine(hooks.store, (e) => hooks.emit(e), runId, line),
      settle: (f, status, error) => this.settle(f, status, error),
      finish: (f, summary) => this.finish(f, summary),
      requestStop: (runId) => this.requestStop(runId),
    }
  }

  get label(): string {
    return this.connection.label
  }

  follows(runId: string): boolean {
    return this.followed.has(runId)
  }

  /** Fails when Redis does not answer within `timeoutMs` (the queue is unreachable or refuses us). */
  async ping(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unanswered(this.label, timeoutMs, this.lastError())), timeoutMs)
    })
    try {
      await Promise.race([this.redis.ping(), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Puts a created (queued) run on the queue; resolves with its summary when it has ended. */
  async submit(runId: string): Promise<RunSummary> {
    const job = await runJobFor(this.hooks.store, this.hooks.datasets, runId)
    const remote: RemoteRunInfo = { queue: this.label, worker: null, cursor: '0-0', attempt: null, coordinator: this.me, attempts: 0 }
    this.hooks.store.updateMeta(runId, { remote, ownerPid: process.pid })
    const followed = this.follow(runId, '0-0', null)
    await this.redis.del(keys.events(runId), ...(await checkpointKeys(this.redis, runId)), keys.cancel(runId), keys.attempt(runId))
    await this.enqueue(job)
    return followed.done
  }

  /**
   * Picks up the active remote runs among `runIds` that no live process follows (this coordinator
   * was killed, or the study was started by a command that has ended): applies the events they left
   * in Redis, settles those that ended, and follows the rest from here on.
   */
  async adopt(runIds: readonly string[]): Promise<void> {
    const { store } = this.hooks
    const adopted: Followed[] = []
    for (const runId of runIds) {
      if (this.followed.has(runId)) continue
      let meta: RunMeta
      try {
        meta = store.readMeta(runId)
      } catch {
        continue
      }
      const remote = meta.remote
      if (!remote || !isActive(meta) || remote.queue !== this.label) continue
      const other = remote.coordinator
      if (other && other.pid !== process.pid && other.hostname === this.me.hostname && isProcessAlive(other.pid)) continue
      store.updateMeta(runId, (m) => ({ ownerPid: process.pid, remote: { ...m.remote!, coordinator: this.me } }))
      const f = this.follow(runId, remote.cursor, remote.attempt, false)
      if (meta.status === 'running') f.supervisor = new RunSupervisor(store, runId, f.child, (e) => this.hooks.emit(e))
      f.lastSeen = 0
      adopted.push(f)
    }
    try {
      for (const f of adopted) await this.catchUp(f)
      await this.watch(adopted, true)
    } finally {
      for (const f of adopted) f.catchingUp = false
    }
    this.ensureLoop()
  }

  /** Stops a remote run: a waiting job is taken off the queue, a running one is told to stop. */
  async cancelRun(runId: string): Promise<void> {
    const f = this.followed.get(runId)
    if (f?.supervisor) return f.supervisor.cancel()
    await this.requestStop(runId)
  }

  /** Stops following (runs go on training on their workers; `adopt` picks them up later). */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const f of this.followed.values()) {
      persistFollowed(this.hooks.store, f, { coordinator: null })
      trackProgress(this.hooks.store, f)
    }
    this.followed.clear()
    this.reader.disconnect()
    await this.loop?.catch(() => undefined)
    await this.queue.close().catch(() => undefined)
    this.redis.disconnect()
  }

  // ---- events ----

  private follow(runId: string, cursor: string, attempt: string | null, fresh = true): Followed {
    let resolve!: (summary: RunSummary) => void
    const done = new Promise<RunSummary>((r) => (resolve = r))
    const f: Followed = {
      runId,
      cursor,
      attempt,
      child: new RemoteTrainingProcess(() => void this.requestStop(runId)),
      supervisor: null,
      deduper: new StepDeduper(fresh ? {} : recordedSteps(this.hooks.store, runId)),
      lastSeen: Date.now(),
      lastProgress: null,
      cancelRequested: false,
      catchingUp: !fresh,
      done,
      resolve,
    }
    this.followed.set(runId, f)
    this.ensureLoop()
    return f
  }

  private ensureLoop(): void {
    if (this.loop || this.closed || this.followed.size === 0) return
    this.loop = this.readLoop().finally(() => {
      this.loop = null
      this.ensureLoop()
    })
  }

  private async readLoop(): Promise<void> {
    while (!this.closed && this.followed.size > 0) {
      const list = [...this.followed.values()].filter((f) => !f.catchingUp)
      if (list.length === 0) {
        await sleep(this.blockMs)
        continue
      }
      let reply: StreamReply = null
      try {
        const streams = [...list.map((f) => keys.events(f.runId)), ...list.map((f) => f.cursor)]
        reply = (await this.reader.xread('COUNT', 1000, 'BLOCK', this.blockMs, 'STREAMS', ...streams)) as unknown as StreamReply
      } catch {
        if (this.closed) return
        await sleep(500)
        continue
      }
      for (const [key, entries] of reply ?? []) {
        const f = list.find((x) => keys.events(x.runId) === key)
        if (f) await this.applyEntries(f, entries)
      }
      if (Date.now() - this.lastWatch >= this.blockMs) {
        this.lastWatch = Date.now()
        await this.watch([...this.followed.values()].filter((f) => !f.catchingUp), false).catch(() => undefined)
      }
    }
  }

  /** Applies what the run's stream holds after the cursor (used when adopting). */
  private async catchUp(f: Followed): Promise<void> {
    for (;;) {
      const entries = (await this.redis.xrange(keys.events(f.runId), `(${f.cursor}`, '+', 'COUNT', 1000)) as Array<[string, string[]]>
      if (entries.length === 0) return
      await this.applyEntries(f, entries)
      if (!this.followed.has(f.runId)) return
    }
  }

  private async applyEntries(f: Followed, entries: Array<[string, string[]]>): Promise<void> {
    for (const [id, fields] of entries) {
      if (!this.followed.has(f.runId)) return
      f.cursor = id
      f.lastSeen = Date.now()
      const field = (name: string) => fields[fields.indexOf(name) + 1] ?? ''
      const event = parseEvent(field('e'))
      // A stream id starts with the time Redis stored the event: when it happened, even if read much later.
      if (event) await applyRunEvent(this.events, f, field('a'), event, new Date(Number(id.split('-')[0]) || Date.now()).toISOString())
    }
    if (this.followed.has(f.runId)) persistFollowed(this.hooks.store, f, {})
  }

  // ---- the queue ----

  /**
   * Looks at the queue for runs that have been silent for a while (all of `list` when `now`): a
   * failed job settles its run as failed, a completed one whose end never came through settles it
   * from the job's result, and a job gone from Redis is queued again.
   */
  private async watch(list: readonly Followed[], now: boolean): Promise<void> {
    for (const f of list) {
      if (!this.followed.has(f.runId)) continue
      if (!now && Date.now() - f.lastSeen < this.lostAfterMs) continue
      f.lastSeen = Date.now()
      const job = await this.queue.getJob(f.runId)
      const state = job ? await job.getState() : 'missing'
      if (state === 'failed') {
        this.settle(f, 'failed', `the queue gave up on the run: ${job!.failedReason}`)
      } else if (state === 'completed') {
        const result = job!.returnvalue as RunJobResult | undefined
        this.settle(f, (result?.status as RunStatus | undefined) ?? 'failed', result?.error ?? null)
      } else if (state === 'missing' || state === 'unknown') {
        // Its end may have arrived since the last read (a finished job leaves the queue).
        await this.catchUp(f)
        if (!this.followed.has(f.runId)) continue
        if (f.cancelRequested || (await this.redis.exists(keys.cancel(f.runId)))) {
          this.settle(f, 'cancelled', null)
          continue
        }
        await this.requeue(f)
      }
    }
  }

  private async requeue(f: Followed): Promise<void> {
    const { store } = this.hooks
    const meta = store.readMeta(f.runId)
    let from = ''
    if (meta.lastCheckpoint && (await this.redis.exists(keys.checkpoint(f.runId))) === 0) {
      await uploadCheckpoint(this.redis, f.runId, store.checkpointsDir(f.runId), meta.lastCheckpoint)
      from = ` from checkpoint ${meta.lastCheckpoint}`
    }
    await this.enqueue(await runJobFor(this.hooks.store, this.hooks.datasets, f.runId))
    this.events.log(f.runId, `the run's job was gone from the queue (Redis restarted without its data?): queued again${from}`)
  }

  private async enqueue(job: RunJobData): Promise<void> {
    const existing = await this.queue.getJob(job.runId)
    if (existing) await existing.remove().catch(() => undefined)
    await this.queue.add('run', job, { jobId: job.runId, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: RUN_KEYS_TTL_S } })
  }

  private async requestStop(runId: string): Promise<void> {
    const f = this.followed.get(runId)
    if (f) f.cancelRequested = true
    await this.redis.set(keys.cancel(runId), '1', 'EX', RUN_KEYS_TTL_S)
    const job = await this.queue.getJob(runId)
    if (!job) return
    const state = await job.getState()
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized' && state !== 'waiting-children') return
    try {
      await job.remove()
    } catch {
      return // A worker took it meanwhile: it sees the cancel flag.
    }
    // Whoever follows the run (this process or another) learns it from the stream.
    await this.redis.xadd(keys.events(runId), '*', 'a', 'coordinator', 'e', JSON.stringify({ type: 'cancelled' } satisfies RunEvent))
  }

  // ---- the end of a run ----

  private settle(f: Followed, status: RunStatus, error: string | null): void {
    const { store } = this.hooks
    if (f.supervisor) {
      // A supervisor settles from the exit; give it the reason first.
      if (error) f.child.deliver({ type: 'error', message: error, stack: null })
      else if (status === 'completed' || status === 'cancelled') f.child.deliver({ type: 'done', status })
      f.child.exit(status === 'interrupted' ? null : 0, status === 'interrupted' ? 'SIGKILL' : null)
      void f.supervisor.done.then((summary) => this.finish(f, summary))
      return
    }
    const meta = store.updateMeta(f.runId, (m) => (isActive(m) ? { status, error, endedAt: new Date().toISOString(), ownerPid: null } : {}))
    this.hooks.emit({ type: 'run-status', runId: f.runId, status: meta.status, error: meta.error })
    this.finish(f, { ...meta, latest: store.latestMetrics(f.runId), dir: store.runDir(f.runId) })
  }

  private finish(f: Followed, summary: RunSummary): void {
    if (this.followed.get(f.runId) !== f) return
    this.followed.delete(f.runId)
    persistFollowed(this.hooks.store, f, { coordinator: null })
    void checkpointKeys(this.redis, f.runId)
      .then((shipped) => this.redis.del(keys.events(f.runId), ...shipped, keys.cancel(f.runId), keys.attempt(f.runId)))
      .catch(() => undefined)
    const { store } = this.hooks
    let final: RunSummary = summary
    try {
      final = { ...store.readMeta(f.runId), latest: store.latestMetrics(f.runId), dir: store.runDir(f.runId) }
    } catch {
      // Deleted meanwhile: the summary as it was.
    }
    f.resolve(final)
  }
}
