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
import { appendFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import type { CoreEvent, RemoteRunInfo, RunMeta, RunStatus, RunSummary } from '../../shared/api'
import { RunSupervisor } from '../core/runSupervisor'
import type { DatasetRegistry } from '../datasets'
import { SHAPES_ID, FASHION_MNIST_ID } from '../datasets'
import { inspectSource, openSource } from '../datasets/source'
import { isProcessAlive, MAX_IMAGE_BYTES, writeRunImage, type RunStore } from '../store'
import type { FromWorker } from '../training/protocol'
import { checkpointKeys, downloadCheckpoint, releaseCheckpoint, uploadCheckpoint, writeCheckpoint } from './checkpointShipping'
import { lastErrorOf, QUEUE_NAME, unanswered, type QueueConnection } from './connection'
import { RemoteTrainingProcess, StepDeduper } from './remoteProcess'
import { keys, parseEvent, reviveMessage, RUN_KEYS_TTL_S, WIRE_VERSION, type RunEvent, type RunJobData, type RunJobResult, type WireDataset } from './wire'

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

interface Followed {
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

type StreamReply = Array<[string, Array<[string, string[]]>]> | null

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const isActive = (m: RunMeta) => m.status === 'queued' || m.status === 'running'

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
    const job = await this.jobFor(runId)
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
      this.persist(f, { coordinator: null })
      this.trackProgress(f)
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
      deduper: new StepDeduper(fresh ? {} : this.recordedSteps(runId)),
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
      if (event) await this.apply(f, field('a'), event, new Date(Number(id.split('-')[0]) || Date.now()).toISOString())
    }
    if (this.followed.has(f.runId)) this.persist(f, {})
  }

  private async apply(f: Followed, attempt: string, event: RunEvent, at: string): Promise<void> {
    const { store } = this.hooks
    if (event.type === 'started') {
      // The same attempt announced again (the worker replays after Redis lost its data).
      if (attempt === f.attempt) return
      f.attempt = attempt
      const meta = store.updateMeta(f.runId, (m) => ({
        status: 'running',
        startedAt: m.startedAt ?? at,
        endedAt: null,
        error: null,
        host: event.host,
        workerPid: null,
        resumes: event.resumeFrom ? m.resumes + 1 : m.resumes,
        remote: { ...m.remote!, worker: event.worker, attempt, attempts: (m.remote?.attempts ?? 0) + 1 },
      }))
      this.log(f.runId, `started on worker ${event.worker} (${event.host.hostname}), attempt ${meta.remote!.attempts}${event.resumeFrom ? `, resuming from checkpoint ${event.resumeFrom}` : ''}`)
      if (!f.supervisor) f.supervisor = new RunSupervisor(store, f.runId, f.child, (e) => this.hooks.emit(e))
      this.hooks.emit({ type: 'run-status', runId: f.runId, status: 'running', error: null })
      if (f.cancelRequested) void this.requestStop(f.runId)
      return
    }
    if (event.type === 'cancelled') {
      if (f.attempt === null) this.settle(f, 'cancelled', null)
      return
    }
    if (event.type === 'refused') {
      if (f.attempt !== null) return
      this.log(f.runId, `worker ${event.worker} refused the run: ${event.reason}`)
      this.settle(f, f.cancelRequested ? 'cancelled' : 'failed', f.cancelRequested ? null : `worker ${event.worker} refused the run: ${event.reason}`)
      return
    }
    // Events of an earlier attempt (a worker that lost its job and kept going) do not count.
    if (attempt !== f.attempt || !f.supervisor) return
    if (event.type === 'ended') {
      this.trackProgress(f)
      f.child.exit(event.code, event.signal)
      await f.supervisor.done
      this.finish(f, { ...this.hooks.store.updateMeta(f.runId, { endedAt: at }), latest: {}, dir: this.hooks.store.runDir(f.runId) })
      return
    }
    if (event.type === 'image') {
      const { image } = event
      if (f.deduper.fresh(`image:${image.series}`, [image]).length === 0) return
      try {
        const png = Buffer.from(event.png, 'base64')
        if (png.length > MAX_IMAGE_BYTES) throw new Error(`${png.length} bytes is more than an image may have`)
        const record = writeRunImage(this.hooks.store.artifactsDir(f.runId), { series: image.series, png, caption: image.caption, step: image.step, epoch: image.epoch })
        f.child.deliver({ type: 'image', image: record })
      } catch (error) {
        this.log(f.runId, `image ${image.file} not recorded: ${(error as Error).message}`)
      }
      return
    }
    let message: FromWorker = reviveMessage(event.message)
    if (message.type === 'metrics') {
      const points = f.deduper.fresh(`metric:${message.name}`, message.points)
      if (points.length === 0) return
      message = { ...message, points }
    } else if (message.type === 'sample') {
      if (f.deduper.fresh(`sample:${message.name}`, [message]).length === 0) return
    } else if (message.type === 'progress') {
      f.lastProgress = { step: message.step, epoch: message.epoch }
    } else if (message.type === 'checkpoint') {
      // Each checkpoint waits in Redis until copied here (a replayed or capped one may be gone).
      const copied = await this.copyCheckpoint(f.runId, message.checkpoint.name)
      if (!copied) return
      message = { type: 'checkpoint', checkpoint: copied }
    }
    f.child.deliver(message)
  }

  /** Copies the run's shipped checkpoint `name` into its folder here; null if Redis no longer has it. */
  private async copyCheckpoint(runId: string, name: string) {
    try {
      const shipped = await downloadCheckpoint(this.redis, runId, name)
      if (!shipped) {
        this.log(runId, `checkpoint ${name} was no longer in Redis when its message was read: not copied`)
        return null
      }
      const dir = this.hooks.store.checkpointsDir(runId)
      if (!existsSync(path.join(dir, shipped.name, 'checkpoint.json'))) writeCheckpoint(dir, shipped)
      await releaseCheckpoint(this.redis, runId, name)
      return shipped.info
    } catch (error) {
      this.log(runId, `could not copy the checkpoint back: ${(error as Error).message}`)
      return null
    }
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
    await this.enqueue(await this.jobFor(f.runId))
    this.log(f.runId, `the run's job was gone from the queue (Redis restarted without its data?): queued again${from}`)
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

  /** The job of a run, from its params and meta: what a worker needs, and nothing else. */
  private async jobFor(runId: string): Promise<RunJobData> {
    const { store } = this.hooks
    const meta = store.readMeta(runId)
    const params = store.readParams(runId) as { config: RunJobData['config']; seed: number; data: string | null; backend: RunJobData['backend'] }
    return {
      v: WIRE_VERSION,
      runId,
      name: meta.name,
      study: meta.study ?? null,
      experiment: meta.experiment,
      preset: meta.preset,
      config: params.config,
      seed: params.seed,
      backend: params.backend,
      data: await this.wireDataset(params.data),
    }
  }

  private async wireDataset(data: string | null): Promise<WireDataset | null> {
    if (data === null) return null
    if (data === SHAPES_ID || data === FASHION_MNIST_ID) return { kind: 'builtin', id: data }
    const known = await this.hooks.datasets.get(data)
    if (known) return { kind: 'fingerprint', fingerprint: known.fingerprint, id: known.id, path: known.source, name: known.name }
    const summary = await inspectSource(await openSource(data))
    return { kind: 'fingerprint', fingerprint: summary.fingerprint, id: null, path: data, name: path.basename(data) }
  }

  // ---- the store ----

  /** Steps already in the run's metric and sample files (a coordinator that comes back starts from them). */
  private recordedSteps(runId: string): Record<string, number[]> {
    const { store } = this.hooks
    const steps: Record<string, number[]> = {}
    for (const name of store.metricNames(runId)) steps[`metric:${name}`] = store.readMetric(runId, name).map((p) => p.step)
    for (const name of store.sampleNames(runId)) steps[`sample:${name}`] = store.readSamples(runId, name).map((r) => r.step)
    for (const image of store.listImages(runId)) (steps[`image:${image.series}`] ??= []).push(image.step)
    return steps
  }

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
    this.persist(f, { coordinator: null })
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

  private persist(f: Followed, extra: Partial<RemoteRunInfo>): void {
    try {
      this.hooks.store.updateMeta(f.runId, (m) => (m.remote ? { remote: { ...m.remote, cursor: f.cursor, attempt: f.attempt, ...extra } } : {}))
    } catch {
      // Deleted meanwhile: nothing to record.
    }
  }

  /** Progress reaches meta.json at most once a second: write the last step seen. */
  private trackProgress(f: Followed): void {
    const p = f.lastProgress
    if (!p) return
    try {
      this.hooks.store.updateMeta(f.runId, (m) => ({ step: Math.max(m.step, p.step), epoch: Math.max(m.epoch, p.epoch) }))
    } catch {
      // Deleted meanwhile.
    }
  }

  private log(runId: string, line: string): void {
    try {
      appendFileSync(this.hooks.store.logPath(runId), `[queue] ${line}\n`)
    } catch {
      // Deleted meanwhile.
    }
    this.hooks.emit({ type: 'log', runId, line: `[queue] ${line}` })
  }
}
