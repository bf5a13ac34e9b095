/**
 * Checkpoint shipping through a real redis-server: a coordinator that reads the events late still
 * copies every checkpoint (not only the newest), a worker taking over resumes from the newest, the
 * copied ones leave Redis, and a coordinator that stays away costs at most a bounded number.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkpointKeys, downloadCheckpoint, releaseCheckpoint, uploadCheckpoint, writeCheckpoint } from '../../src/main/cluster/checkpointShipping'
import { keys } from '../../src/main/cluster/wire'
import { redisMissing, startRedis, type RedisServer } from './redisServer'

const missing = redisMissing()
if (missing) console.log(`skipping the checkpoint shipping test: ${missing}`)

/** A checkpoint folder as the run store writes one: weights plus the checkpoint.json marker. */
function makeCheckpoint(dir: string, name: string, epoch: number): void {
  mkdirSync(path.join(dir, name), { recursive: true })
  writeFileSync(path.join(dir, name, 'weights.bin'), Buffer.from([epoch, epoch + 1, epoch + 2]))
  writeFileSync(path.join(dir, name, 'checkpoint.json'), JSON.stringify({ step: epoch * 4, epoch }))
}

describe.skipIf(missing !== null)('shipping checkpoints through Redis', () => {
  let server: RedisServer
  let redis: Redis
  beforeAll(async () => {
    server = await startRedis()
    redis = new Redis(server.url)
  })
  afterAll(async () => {
    redis?.disconnect()
    await server?.stop()
  })

  it('keeps every checkpoint until the coordinator copies it, the newest for a takeover', async () => {
    const workerDir = mkdtempSync(path.join(os.tmpdir(), 'ship-worker-'))
    const coordinatorDir = mkdtempSync(path.join(os.tmpdir(), 'ship-coordinator-'))
    const run = 'run-a'
    // The worker ships three epochs before the coordinator reads any event.
    for (const epoch of [1, 2, 3]) {
      makeCheckpoint(workerDir, `epoch-000${epoch}`, epoch)
      await uploadCheckpoint(redis, run, workerDir, `epoch-000${epoch}`)
    }
    expect((await downloadCheckpoint(redis, run))?.name).toBe('epoch-0003')
    for (const epoch of [1, 2, 3]) {
      const name = `epoch-000${epoch}`
      const shipped = await downloadCheckpoint(redis, run, name)
      expect(shipped?.info).toMatchObject({ name, epoch, step: epoch * 4 })
      writeCheckpoint(coordinatorDir, shipped!)
      expect([...readFileSync(path.join(coordinatorDir, name, 'weights.bin'))]).toEqual([epoch, epoch + 1, epoch + 2])
      await releaseCheckpoint(redis, run, name)
    }
    // Copied ones are gone; the newest stays for a worker that takes the run over.
    expect(await downloadCheckpoint(redis, run, 'epoch-0001')).toBeNull()
    expect(await downloadCheckpoint(redis, run, 'epoch-0002')).toBeNull()
    expect((await downloadCheckpoint(redis, run))?.name).toBe('epoch-0003')
    // The run's end deletes every key.
    const all = await checkpointKeys(redis, run)
    expect(all).toContain(keys.checkpointFiles(run, 'epoch-0003'))
    await redis.del(...all)
    expect(await redis.keys(`*${run}*`)).toEqual([])
  })

  it('holds at most eight uncopied checkpoints of a run, always the newest', async () => {
    const workerDir = mkdtempSync(path.join(os.tmpdir(), 'ship-worker-'))
    const run = 'run-b'
    for (let epoch = 1; epoch <= 12; epoch++) {
      const name = `epoch-${String(epoch).padStart(4, '0')}`
      makeCheckpoint(workerDir, name, epoch)
      await uploadCheckpoint(redis, run, workerDir, name)
    }
    expect(await downloadCheckpoint(redis, run, 'epoch-0004')).toBeNull()
    expect((await downloadCheckpoint(redis, run, 'epoch-0005'))?.info.epoch).toBe(5)
    expect((await downloadCheckpoint(redis, run))?.name).toBe('epoch-0012')
    expect(await redis.lrange(keys.checkpointNames(run), 0, -1)).toHaveLength(8)
  })

  it('refuses an unsafe name from Redis before using it in a key', async () => {
    await redis.set(keys.checkpoint('run-c'), '../x')
    await expect(downloadCheckpoint(redis, 'run-c')).rejects.toThrow(/unsafe name/)
  })
})
