/**
 * `benchtop worker`: takes runs from the queue and trains each in its own training process, as the
 * core does locally (the same launcher and RunSupervisor, writing into this worker's own
 * `$BENCHTOP_HOME`), while every message of the training process also goes to the run's event
 * stream for the coordinator, and every checkpoint to the run's checkpoint hash. A job is checked
 * before anything starts (wire.ts, workerData.ts); a refused job says why in the stream.
 */
import { randomUUID } from 'node:crypto'
import { Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { BackendName, RunSummary } from '../../shared/api'
import { RunSupervisor } from '../core/runSupervisor'
import { hostInfo } from '../engine/host'
import { appVersion } from '../paths'
import { RunStore } from '../store'
import { forkLauncher, type Launcher, type TrainingProcess } from '../training/launcher'
import type { FromWorker } from '../training/protocol'
import { downloadCheckpoint, uploadCheckpoint, writeCheckpoint } from './checkpointShipping'
import { lastErrorOf, QUEUE_NAME, unanswered, type QueueConnection } from './connection'
import { checkConfigPaths, resolveJobData } from './workerData'
import { JobRefused, keys, RUN_KEYS_TTL_S, validateJob, type RunEvent, type RunJobData, type RunJobResult } from './wire'

export interface WorkerSettings {
  home: string
  connection: QueueConnection
  /** Shown in the coordinator's run records; default the host name. */
  name: string
  /** Runs trained at once. */
  concurrency: number
  /** Forces a backend for every run here (a job's own choice otherwise). */
  backend: BackendName | null
  /** Folders a job may name data in; nothing else is read for a job. */
  dataRoots: string[]
  /** BullMQ lock: a worker silent this long has its job taken back (ms). */
  lockDurationMs: number
  /** How often workers look for jobs whose lock has run out (ms). */
  stalledIntervalMs: number
  /** How many times a job may be taken back before it fails. */
  maxStalledCount: number
  launcher?: Launcher
  log(line: string): void
}

/** How often a running job's cancel flag is looked at. */
const CANCEL_POLL_MS = 1000

export class QueueWorker {
  readonly store: RunStore
  private readonly redis: Redis
  private readonly lastError: () => string | null
  private worker: Worker | null = null
  private readonly launcher: Launcher
  private readonly active = new Map<string, RunSupervisor>()
  /** What a replay needs of each run training here. */
  private readonly replays = new Map<string, () => Promise<void>>()

  constructor(private readonly settings: WorkerSettings) {
    this.store = new RunStore(settings.home)
    this.launcher = settings.launcher ?? forkLauncher
    this.redis = new Redis(settings.connection.options)
    this.redis.on('error', () => undefined)
    this.lastError = lastErrorOf(this.redis)
    // After a reconnect: if Redis lost its data (restarted without persistence), send again what it lost.
    this.redis.on('ready', () => {
      for (const [runId, replay] of this.replays) {
        void this.redis.exists(keys.attempt(runId)).then((n) => (n ? undefined : replay()), () => undefined)
      }
    })
  }

  start(): void {
    const s = this.settings
    this.worker = new Worker(QUEUE_NAME, (job) => this.process(job), {
      connection: s.connection.options,
      concurrency: s.concurrency,
      lockDuration: s.lockDurationMs,
      stalledInterval: s.stalledIntervalMs,
      maxStalledCount: s.maxStalledCount,
      name: s.name,
    })
    // A Redis that is down is retried every 2 s: say so once, not at every try.
    let lastError = { text: '', at: 0 }
    this.worker.on('error', (error) => {
      if (error.message === lastError.text && Date.now() - lastError.at < 30_000) return
      lastError = { text: error.message, at: Date.now() }
      s.log(`queue: ${error.message}`)
    })
    this.worker.on('lockRenewalFailed', (ids) => s.log(`lost the queue's lock on ${ids.join(', ')} (Redis restarted?); training goes on and reports as before`))
    this.worker.on('stalled', (id) => s.log(`run ${id}: its worker stopped answering; it goes back to the queue`))
  }

  /** Waits for the queue connection; fails with a clear message if Redis does not answer. */
  async ready(timeoutMs = 15_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(unanswered(this.settings.connection.label, timeoutMs, this.lastError())), timeoutMs)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Stops taking jobs; `finish` waits for the running ones, otherwise they are left to stall (and resume elsewhere). */
  async close(finish: boolean): Promise<void> {
    await this.worker?.close(!finish)
    this.redis.disconnect()
  }

  /** Ids of runs (the coordinator's) training here now. */
  get running(): string[] {
    return [...this.active.keys()]
  }

  /**
   * Sends again, from this worker's own copy of the run, what the coordinator may not have read
   * before Redis lost it: the attempt's announcement, every metric point, every sample, the newest
   * checkpoint. The coordinator keeps each step once, so what it already has is dropped there.
   */
  private async replay(runId: string, localId: string, started: RunEvent, send: (event: RunEvent) => void): Promise<number> {
    send(started)
    let points = 0
    for (const name of this.store.metricNames(localId)) {
      const all = this.store.readMetric(localId, name)
      points += all.length
      for (let i = 0; i < all.length; i += REPLAY_CHUNK) send({ type: 'msg', message: { type: 'metrics', name, points: all.slice(i, i + REPLAY_CHUNK) } })
    }
    for (const name of this.store.sampleNames(localId)) {
      for (const r of this.store.readSamples(localId, name)) send({ type: 'msg', message: { type: 'sample', name, step: r.step, value: r.value } })
    }
    const checkpoint = this.store.checkpoints(localId).at(-1)
    if (checkpoint) {
      await uploadCheckpoint(this.redis, runId, this.store.checkpointsDir(localId), checkpoint.name)
      send({ type: 'msg', message: { type: 'checkpoint', checkpoint } })
    }
    return points
  }

  private async process(job: Job): Promise<RunJobResult> {
    const s = this.settings
    const attempt = `${s.name}:${process.pid}:${randomUUID()}`
    const runIdOf = (job.data as { runId?: unknown })?.runId
    const send = (runId: string, event: RunEvent) => this.redis.xadd(keys.events(runId), '*', 'a', attempt, 'e', JSON.stringify(event))
    let data: RunJobData
    let dataArg: string | null
    try {
      data = validateJob(job.data)
      checkConfigPaths(data.config, s.dataRoots)
      dataArg = await resolveJobData(data.data, s.home, s.dataRoots)
      if (await this.redis.exists(keys.cancel(data.runId))) throw new JobRefused('it was cancelled before it started')
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      s.log(`refused job ${String(job.id)}: ${reason}`)
      if (typeof runIdOf === 'string' && runIdOf === job.id) {
        await send(runIdOf, { type: 'refused', worker: s.name, reason })
        await this.redis.expire(keys.events(runIdOf), RUN_KEYS_TTL_S)
      }
      return { status: 'refused', error: reason }
    }
    const runId = data.runId
    const local = this.store.createRun({
      experiment: data.experiment,
      preset: data.preset,
      name: `${data.name} [${runId}]`,
      seed: data.seed,
      params: { config: data.config, seed: data.seed, data: dataArg, backend: s.backend ?? data.backend, queueRun: runId },
    })
    let resumeFrom: string | null = null
    const shipped = await downloadCheckpoint(this.redis, runId).catch((error: Error) => {
      s.log(`run ${runId}: the shipped checkpoint is unusable (${error.message}); starting from the beginning`)
      return null
    })
    if (shipped) {
      resumeFrom = writeCheckpoint(this.store.checkpointsDir(local.id), shipped)
      this.store.updateMeta(local.id, { lastCheckpoint: shipped.name, step: shipped.info.step, epoch: shipped.info.epoch })
    }

    const pending: Array<Promise<unknown>> = []
    const checkpointsDir = this.store.checkpointsDir(local.id)
    // Commands on one connection run in order: a checkpoint is in Redis before the message naming it.
    const forward = (message: FromWorker) => {
      if (message.type === 'checkpoint') pending.push(uploadCheckpoint(this.redis, runId, checkpointsDir, message.checkpoint.name).catch((e: Error) => s.log(`run ${runId}: could not ship checkpoint: ${e.message}`)))
      // An image travels with its PNG: the coordinator's folder gets the file, not just its index line.
      const event: RunEvent | null =
        message.type !== 'image'
          ? { type: 'msg', message }
          : (() => {
              try {
                return { type: 'image', image: message.image, png: this.store.readImage(local.id, message.image.file).toString('base64') }
              } catch (error) {
                s.log(`run ${runId}: could not ship image ${message.image.file}: ${(error as Error).message}`)
                return null
              }
            })()
      if (event) pending.push(send(runId, event).catch(() => undefined))
    }
    let exit: { code: number | null; signal: string | null } = { code: null, signal: null }
    const child = tap(this.launcher({ logPath: this.store.logPath(local.id) }), forward, (code, signal) => (exit = { code, signal }))
    this.store.updateMeta(local.id, (m) => ({
      status: 'running',
      startedAt: new Date().toISOString(),
      ownerPid: process.pid,
      workerPid: child.pid ?? null,
      host: hostInfo(),
      versions: { ...m.versions, benchtop: appVersion(), node: process.versions.node },
    }))
    const supervisor = new RunSupervisor(this.store, local.id, child, () => undefined)
    this.active.set(runId, supervisor)
    const started: RunEvent = { type: 'started', worker: s.name, host: hostInfo(), attempt: job.attemptsMade + 1, resumeFrom: shipped?.name ?? null }
    await this.redis.set(keys.attempt(runId), attempt, 'EX', RUN_KEYS_TTL_S)
    await send(runId, started)
    const replayRun = async () => {
      await this.redis.set(keys.attempt(runId), attempt, 'EX', RUN_KEYS_TTL_S)
      const sent = await this.replay(runId, local.id, started, (event) => void send(runId, event).catch(() => undefined))
      s.log(`run ${runId}: Redis lost its data; sent again the ${sent} metric points and the checkpoint recorded here`)
    }
    this.replays.set(runId, replayRun)
    s.log(`run ${runId} (${data.experiment}, ${data.name}): training here as ${local.id}${shipped ? `, resuming from ${shipped.name}` : ''}`)
    child.send({
      type: 'train',
      job: {
        runId: local.id,
        experiment: data.experiment,
        config: data.config,
        seed: data.seed,
        data: dataArg,
        backend: s.backend ?? data.backend,
        home: s.home,
        runDir: this.store.runDir(local.id),
        resumeFrom,
      },
    })
    let cancelled = false
    const poll = setInterval(() => {
      void this.redis.exists(keys.cancel(runId)).then((n) => {
        if (n && !cancelled) {
          cancelled = true
          s.log(`run ${runId}: cancelled by the coordinator`)
          supervisor.cancel()
        }
      }, () => undefined)
    }, CANCEL_POLL_MS)
    let summary: RunSummary
    try {
      summary = await supervisor.done
    } finally {
      clearInterval(poll)
      this.active.delete(runId)
    }
    await Promise.all(pending)
    // Before the end, check once more that Redis still holds this attempt: if it lost its data and
    // no replay restored it (the run ended while Redis was down, or the check at reconnect did not
    // get an answer from the restarting server), the points the coordinator had not read are gone:
    // send the record again first. (Without this, 2 of 4 runs of the queue test that restarts Redis
    // lost steps.)
    this.replays.delete(runId)
    if ((await this.redis.exists(keys.attempt(runId)).catch(() => 1)) === 0) await replayRun()
    await send(runId, { type: 'ended', code: exit.code, signal: exit.signal })
    await this.redis.expire(keys.events(runId), RUN_KEYS_TTL_S)
    s.log(`run ${runId}: ${summary.status}${summary.error ? `: ${summary.error}` : ''}`)
    return { status: summary.status, error: summary.error }
  }
}

/** Points per message when a run's record is sent again. */
const REPLAY_CHUNK = 1000

/** The same training process, with every message and the exit also passed to `onMessage`/`onExit` first. */
function tap(child: TrainingProcess, onMessage: (m: FromWorker) => void, onExit: (code: number | null, signal: string | null) => void): TrainingProcess {
  child.onMessage(onMessage)
  child.onExit(onExit)
  return child
}
