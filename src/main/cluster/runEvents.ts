/**
 * What a queue coordinator does with one event of a followed run's stream: a new attempt starts
 * (or a replayed announcement is ignored), a waiting run is cancelled or refused, a worker's
 * messages reach the run's supervisor (steps already recorded dropped), images are written, and
 * each shipped checkpoint is copied back into the run's folder before its message is passed on.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Redis } from 'ioredis'
import type { CoreEvent, RunStatus, RunSummary } from '../../shared/api'
import { RunSupervisor } from '../core/runSupervisor'
import { MAX_IMAGE_BYTES, writeRunImage, type RunStore } from '../store'
import type { FromWorker } from '../training/protocol'
import { downloadCheckpoint, releaseCheckpoint, writeCheckpoint } from './checkpointShipping'
import { trackProgress, type Followed } from './followedRun'
import { reviveMessage, type RunEvent } from './wire'

export interface RunEventContext {
  store: RunStore
  redis: Redis
  emit(event: CoreEvent): void
  log(runId: string, line: string): void
  /** Ends the run with this status (through its supervisor when it has one). */
  settle(f: Followed, status: RunStatus, error: string | null): void
  /** Stops following the run and resolves its `done`. */
  finish(f: Followed, summary: RunSummary): void
  requestStop(runId: string): Promise<void>
}

/** `at`: when Redis stored the event (ISO time). */
export async function applyRunEvent(ctx: RunEventContext, f: Followed, attempt: string, event: RunEvent, at: string): Promise<void> {
  const { store } = ctx
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
    ctx.log(f.runId, `started on worker ${event.worker} (${event.host.hostname}), attempt ${meta.remote!.attempts}${event.resumeFrom ? `, resuming from checkpoint ${event.resumeFrom}` : ''}`)
    if (!f.supervisor) f.supervisor = new RunSupervisor(store, f.runId, f.child, (e) => ctx.emit(e))
    ctx.emit({ type: 'run-status', runId: f.runId, status: 'running', error: null })
    if (f.cancelRequested) void ctx.requestStop(f.runId)
    return
  }
  if (event.type === 'cancelled') {
    if (f.attempt === null) ctx.settle(f, 'cancelled', null)
    return
  }
  if (event.type === 'refused') {
    if (f.attempt !== null) return
    ctx.log(f.runId, `worker ${event.worker} refused the run: ${event.reason}`)
    ctx.settle(f, f.cancelRequested ? 'cancelled' : 'failed', f.cancelRequested ? null : `worker ${event.worker} refused the run: ${event.reason}`)
    return
  }
  // Events of an earlier attempt (a worker that lost its job and kept going) do not count.
  if (attempt !== f.attempt || !f.supervisor) return
  if (event.type === 'ended') {
    trackProgress(store, f)
    f.child.exit(event.code, event.signal)
    await f.supervisor.done
    ctx.finish(f, { ...store.updateMeta(f.runId, { endedAt: at }), latest: {}, dir: store.runDir(f.runId) })
    return
  }
  if (event.type === 'image') {
    const { image } = event
    if (f.deduper.fresh(`image:${image.series}`, [image]).length === 0) return
    try {
      const png = Buffer.from(event.png, 'base64')
      if (png.length > MAX_IMAGE_BYTES) throw new Error(`${png.length} bytes is more than an image may have`)
      const record = writeRunImage(store.artifactsDir(f.runId), { series: image.series, png, caption: image.caption, step: image.step, epoch: image.epoch })
      f.child.deliver({ type: 'image', image: record })
    } catch (error) {
      ctx.log(f.runId, `image ${image.file} not recorded: ${(error as Error).message}`)
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
    const copied = await copyCheckpointBack(ctx, f.runId, message.checkpoint.name)
    if (!copied) return
    message = { type: 'checkpoint', checkpoint: copied }
  }
  f.child.deliver(message)
}

/** Copies the run's shipped checkpoint `name` into its folder here; null if Redis no longer has it. */
async function copyCheckpointBack(ctx: RunEventContext, runId: string, name: string) {
  try {
    const shipped = await downloadCheckpoint(ctx.redis, runId, name)
    if (!shipped) {
      ctx.log(runId, `checkpoint ${name} was no longer in Redis when its message was read: not copied`)
      return null
    }
    const dir = ctx.store.checkpointsDir(runId)
    if (!existsSync(path.join(dir, shipped.name, 'checkpoint.json'))) writeCheckpoint(dir, shipped)
    await releaseCheckpoint(ctx.redis, runId, name)
    return shipped.info
  } catch (error) {
    ctx.log(runId, `could not copy the checkpoint back: ${(error as Error).message}`)
    return null
  }
}
