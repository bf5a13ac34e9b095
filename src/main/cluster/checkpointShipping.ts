/**
 * Checkpoints travel through Redis: a worker puts each new checkpoint of a run into a hash of its
 * own and points the run's newest-checkpoint key at it (one MULTI), so that the coordinator copies
 * every checkpoint into its own run folder, however far behind it reads the events, and a worker
 * that takes over a stalled run resumes from the newest. The coordinator drops each older one once
 * copied; at most MAX_UNCOPIED wait for a coordinator that is away. Only plain files with plain
 * names are shipped, and the folder is written beside the target and renamed into place, so a
 * reader never sees half a checkpoint.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Redis } from 'ioredis'
import type { CheckpointInfo } from '../../shared/api'
import { CHECKPOINT_MARKER } from '../store'
import { keys, RUN_KEYS_TTL_S } from './wire'

const FILE_NAME = /^[A-Za-z0-9_.-]{1,100}$/
const CHECKPOINT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/
/** Redis holds at most 512 MiB in one value. */
const MAX_FILE_BYTES = 512 * 2 ** 20
const MAX_FILES = 64
/**
 * Checkpoints of one run kept in Redis for a coordinator that has not copied them yet (the newest
 * is always kept). Why 8: a coordinator that is away for eight epochs has likely crashed, and Redis
 * holds everything in memory (a ResNet-50 checkpoint with its optimizer state is ~300 MB).
 */
const MAX_UNCOPIED = 8

export interface ShippedCheckpoint {
  name: string
  info: CheckpointInfo
  files: Map<string, Buffer>
}

/** Reads `<checkpointsDir>/<name>/` and stores it as the run's newest checkpoint. */
export async function uploadCheckpoint(redis: Redis, runId: string, checkpointsDir: string, name: string): Promise<void> {
  if (!CHECKPOINT_NAME.test(name)) throw new Error(`checkpoint name ${JSON.stringify(name)} cannot be shipped`)
  const dir = path.join(checkpointsDir, name)
  const fields: Array<string | Buffer> = ['name', name]
  let count = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !FILE_NAME.test(entry.name)) continue
    if (++count > MAX_FILES) throw new Error(`checkpoint ${dir} has more than ${MAX_FILES} files`)
    const file = path.join(dir, entry.name)
    if (lstatSync(file).size > MAX_FILE_BYTES) throw new Error(`${file} is larger than Redis can hold in one value (512 MiB)`)
    fields.push(`file:${entry.name}`, readFileSync(file))
  }
  const key = keys.checkpointFiles(runId, name)
  const list = keys.checkpointNames(runId)
  await redis
    .multi()
    .del(key)
    .hset(key, ...fields)
    .expire(key, RUN_KEYS_TTL_S)
    .set(keys.checkpoint(runId), name, 'EX', RUN_KEYS_TTL_S)
    .lrem(list, 0, name)
    .rpush(list, name)
    .expire(list, RUN_KEYS_TTL_S)
    .exec()
  // Oldest first; the newest (last) is never dropped.
  const names = await redis.lrange(list, 0, -1)
  const dropped = names.slice(0, Math.max(0, names.length - MAX_UNCOPIED))
  if (dropped.length) {
    const multi = redis.multi()
    for (const old of dropped) multi.del(keys.checkpointFiles(runId, old)).lrem(list, 0, old)
    await multi.exec()
  }
}

/**
 * The run's shipped checkpoint `name` (its newest when left out), or null when Redis no longer has
 * it; anything malformed is refused with a reason.
 */
export async function downloadCheckpoint(redis: Redis, runId: string, wanted?: string): Promise<ShippedCheckpoint | null> {
  const name = wanted ?? (await redis.get(keys.checkpoint(runId)))
  if (!name) return null
  if (!CHECKPOINT_NAME.test(name)) throw new Error(`the shipped checkpoint of run ${runId} has an unsafe name ${JSON.stringify(name)}`)
  const hash = await redis.hgetallBuffer(keys.checkpointFiles(runId, name))
  if (hash.name?.toString('utf8') !== name) return null
  const files = new Map<string, Buffer>()
  for (const [field, value] of Object.entries(hash)) {
    if (!field.startsWith('file:')) continue
    const file = field.slice('file:'.length)
    if (!FILE_NAME.test(file)) throw new Error(`the shipped checkpoint of run ${runId} has an unsafe file name ${JSON.stringify(file)}`)
    files.set(file, value)
  }
  const marker = files.get(CHECKPOINT_MARKER)
  if (!marker) throw new Error(`the shipped checkpoint ${name} of run ${runId} has no ${CHECKPOINT_MARKER}`)
  const info = JSON.parse(marker.toString('utf8')) as CheckpointInfo
  if (typeof info.step !== 'number' || typeof info.epoch !== 'number') throw new Error(`the shipped checkpoint ${name} of run ${runId} has a malformed ${CHECKPOINT_MARKER}`)
  return { name, info: { ...info, name }, files }
}

/** Drops a copied checkpoint from Redis, unless it is the newest (a worker taking the run over resumes from that). */
export async function releaseCheckpoint(redis: Redis, runId: string, name: string): Promise<void> {
  if ((await redis.get(keys.checkpoint(runId))) === name) return
  await redis.multi().del(keys.checkpointFiles(runId, name)).lrem(keys.checkpointNames(runId), 0, name).exec()
}

/** Every Redis key of the run's shipped checkpoints, to delete with the run's other keys. */
export async function checkpointKeys(redis: Redis, runId: string): Promise<string[]> {
  const names = await redis.lrange(keys.checkpointNames(runId), 0, -1)
  return [keys.checkpoint(runId), keys.checkpointNames(runId), ...names.filter((n) => CHECKPOINT_NAME.test(n)).map((n) => keys.checkpointFiles(runId, n))]
}

/** Writes a shipped checkpoint to `<checkpointsDir>/<name>/` (replacing one of that name); returns its folder. */
export function writeCheckpoint(checkpointsDir: string, shipped: ShippedCheckpoint): string {
  const final = path.join(checkpointsDir, shipped.name)
  const tmp = path.join(checkpointsDir, `.shipped-${shipped.name}-${process.pid}`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  // The marker last: its presence means the checkpoint is complete (runContents.ts).
  for (const [file, bytes] of shipped.files) if (file !== CHECKPOINT_MARKER) writeFileSync(path.join(tmp, file), bytes)
  writeFileSync(path.join(tmp, CHECKPOINT_MARKER), shipped.files.get(CHECKPOINT_MARKER)!)
  rmSync(final, { recursive: true, force: true })
  renameSync(tmp, final)
  return final
}
