/**
 * Studies across machines, on this machine: a real redis-server on 127.0.0.1, two `benchtop worker`
 * processes with their own homes, and `benchtop run --sweep --queue` as the coordinator.
 *
 * References: the run's own record of what it did. Every step of a run's loss must be in the
 * coordinator's metric file exactly once (counted from the raw lines, not through the store's
 * reader, which would hide a duplicate), 1..totalSteps; a run's copied-back checkpoint must give
 * the classes the worker's last validation recorded for the same test images (regenerated here).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { DatasetRegistry } from '../../src/main/datasets'
import type { RunMeta } from '../../src/shared/api'
import type { PredictionResult } from '../../src/shared/prediction'
import { isAlive, ROOT, runCli, tempHome, TINY, waitFor } from '../helpers/cli'
import { redisMissing, startRedis, type RedisServer } from './redisServer'

const BIN = path.join(ROOT, 'bin', 'benchtop.mjs')
const missing = redisMissing()
if (missing) console.log(`skipping the queue tests: ${missing}`)

interface Proc {
  child: ChildProcess
  output: () => string
  done: Promise<number | null>
}

function start(args: string[], home: string, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BENCHTOP_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout!.on('data', (d) => (text += d))
  child.stderr!.on('data', (d) => (text += d))
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => text, done }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setUp(workerFlags: string[] = []): Promise<{ redis: RedisServer; workers: Record<string, Proc & { home: string }>; coordinatorHome: string }> {
  const redis = await startRedis()
  cleanups.push(() => redis.stop())
  const workers: Record<string, Proc & { home: string }> = {}
  for (const name of ['w1', 'w2']) {
    const home = tempHome()
    const proc = start(['worker', '--queue', redis.url, '--name', name, ...workerFlags], home)
    cleanups.push(() => {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
    })
    workers[name] = { ...proc, home }
  }
  for (const [name, w] of Object.entries(workers)) await waitFor(() => w.output().includes('waiting for runs'), 120_000, `worker ${name} to start: ${w.output()}`)
  return { redis, workers, coordinatorHome: tempHome() }
}

const readMeta = (home: string, runId: string): RunMeta => JSON.parse(readFileSync(path.join(home, 'runs', runId, 'meta.json'), 'utf8'))

/** Steps of a metric as written, line by line (a duplicate line stays a duplicate). */
function rawSteps(home: string, runId: string, metric: string): number[] {
  const file = path.join(home, 'runs', runId, 'metrics', `${metric}.jsonl`)
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { step: number }).step)
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

interface StudyJson {
  study: string
  runs: Array<{ runId: string; status: string; error?: string }>
}

describe.skipIf(missing !== null)('studies on a BullMQ queue with two workers', () => {
  it('spreads a four-run study over both workers; metrics, checkpoints and Try the model work in the coordinator', async () => {
    const { workers, redis, coordinatorHome } = await setUp()
    const study = await runCli(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=2', '--seed', '7', '--sweep', 'lr=0.01,0.02,0.03,0.04', '--queue', redis.url, '--json'], coordinatorHome, 420_000)
    expect(study.code, study.stderr).toBe(0)
    const result: StudyJson = JSON.parse(study.stdout)
    expect(result.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed'])
    const metas = result.runs.map((r) => readMeta(coordinatorHome, r.runId))
    expect(new Set(metas.map((m) => m.remote?.worker))).toEqual(new Set(['w1', 'w2']))
    for (const meta of metas) {
      expect(meta.remote).toMatchObject({ queue: redis.url, attempts: 1, coordinator: null })
      expect(meta.host?.hostname).toBeTruthy()
      expect(meta.totalSteps).toBe(8)
      expect(rawSteps(coordinatorHome, meta.id, 'loss')).toEqual(range(8))
      expect(rawSteps(coordinatorHome, meta.id, 'val_accuracy')).toEqual([4, 8])
      for (const cp of ['epoch-0001', 'epoch-0002']) expect(existsSync(path.join(coordinatorHome, 'runs', meta.id, 'checkpoints', cp, 'checkpoint.json'))).toBe(true)
      // Each worker trained in its own home: the coordinator's run names the worker's copy nowhere else.
      const workerHome = workers[meta.remote!.worker!].home
      expect(readdirSync(path.join(workerHome, 'runs')).length).toBeGreaterThan(0)
    }
    // `benchtop runs` lists them like local runs.
    const listed = await runCli(['runs', '--json'], coordinatorHome)
    expect((JSON.parse(listed.stdout) as RunMeta[]).filter((r) => r.status === 'completed')).toHaveLength(4)

    // Try the model on the copied-back checkpoint: the worker's last validation is the reference.
    const run = metas[0]
    const sample = (name: string) => readFileSync(path.join(coordinatorHome, 'runs', run.id, 'artifacts', 'samples', `${name}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const validated: Array<{ index: number; predicted: string }> = sample('predictions').at(-1).value.items
    const data = await new DatasetRegistry(coordinatorHome).load('shapes', { size: 8, seed: 7, shapes: { count: 80, classes: 3, testFraction: 16 / 80 } })
    const images = path.join(coordinatorHome, 'images')
    mkdirSync(images)
    const files: string[] = []
    for (const { index } of validated) {
      const raw = Buffer.from(data.test.images.subarray(index * 192, (index + 1) * 192))
      files.push(path.join(images, `test-${index}.png`))
      await sharp(raw, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(files.at(-1)!)
    }
    const predicted = await runCli(['predict', run.id, ...files, '--json'], coordinatorHome)
    expect(predicted.code, predicted.stderr).toBe(0)
    const { predictions, checkpoint }: PredictionResult = JSON.parse(predicted.stdout)
    expect(checkpoint).toBe('epoch-0002')
    predictions.forEach((p, i) => {
      if (!('probabilities' in p)) throw new Error(`${p.file}: ${p.error}`)
      const ps = p.probabilities.map((c) => c.p)
      if (ps[0] - ps[1] > 1e-4) expect(p.top, p.file).toBe(validated[i].predicted)
    })
  }, 600_000)

  it('resumes the run of a worker killed with SIGKILL on the other worker, each step recorded once', async () => {
    const { workers, redis, coordinatorHome } = await setUp(['--lock-ms', '3000', '--stalled-ms', '1500'])
    const coordinator = start(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=6', '--seed', '3', '--sweep', 'lr=0.01,0.02', '--queue', redis.url, '--json'], coordinatorHome)
    cleanups.push(() => {
      if (coordinator.child.exitCode === null) coordinator.child.kill('SIGKILL')
    })
    // Kill w1 once its run has a checkpoint and has gone on training past it.
    let victim = ''
    await waitFor(() => {
      const runs = existsSync(path.join(coordinatorHome, 'runs')) ? readdirSync(path.join(coordinatorHome, 'runs')).filter((d) => !d.startsWith('.')) : []
      for (const id of runs) {
        // A run folder exists a moment before its meta.json (the store renames it into place).
        if (!existsSync(path.join(coordinatorHome, 'runs', id, 'meta.json'))) continue
        const meta = readMeta(coordinatorHome, id)
        const loss = path.join(coordinatorHome, 'runs', id, 'metrics', 'loss.jsonl')
        if (meta.remote?.worker === 'w1' && meta.lastCheckpoint && existsSync(loss) && rawSteps(coordinatorHome, id, 'loss').length >= 5) {
          victim = id
          return true
        }
      }
      return false
    }, 300_000, 'a run on w1 to pass its first checkpoint')
    workers.w1.child.kill('SIGKILL')
    await workers.w1.done
    const stepsAtKill = rawSteps(coordinatorHome, victim, 'loss').length

    expect(await coordinator.done, coordinator.output()).toBe(0)
    const result: StudyJson = JSON.parse(coordinator.output().slice(coordinator.output().indexOf('{')))
    expect(result.runs.map((r) => r.status)).toEqual(['completed', 'completed'])
    const meta = readMeta(coordinatorHome, victim)
    expect(meta.remote).toMatchObject({ worker: 'w2', attempts: 2 })
    expect(meta.resumes).toBe(1)
    expect(meta.totalSteps).toBe(24)
    expect(stepsAtKill).toBeLessThan(24)
    expect(rawSteps(coordinatorHome, victim, 'loss')).toEqual(range(24))
    expect(rawSteps(coordinatorHome, victim, 'val_accuracy')).toEqual([4, 8, 12, 16, 20, 24])
    const log = readFileSync(path.join(coordinatorHome, 'runs', victim, 'log.txt'), 'utf8')
    expect(log).toMatch(/started on worker w2 .*attempt 2, resuming from checkpoint epoch-000\d/)
    // w2 trained the resumed run from the shipped checkpoint, not from the start.
    expect(workers.w2.output()).toMatch(new RegExp(`run ${victim} .*resuming from epoch-000\\d`))
  }, 600_000)

  it('finishes a study when Redis restarts (without its data) in the middle', async () => {
    const { redis, coordinatorHome } = await setUp()
    const coordinator = start(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=3', '--seed', '5', '--sweep', 'lr=0.01,0.02,0.03,0.04', '--queue', redis.url, '--json'], coordinatorHome, { BENCHTOP_QUEUE_LOST_MS: '5000' })
    cleanups.push(() => {
      if (coordinator.child.exitCode === null) coordinator.child.kill('SIGKILL')
    })
    await waitFor(() => {
      const runs = existsSync(path.join(coordinatorHome, 'runs')) ? readdirSync(path.join(coordinatorHome, 'runs')).filter((d) => !d.startsWith('.')) : []
      return runs.some((id) => existsSync(path.join(coordinatorHome, 'runs', id, 'metrics', 'loss.jsonl')))
    }, 300_000, 'the first run to report a step')
    await redis.restart()
    expect(await coordinator.done, coordinator.output()).toBe(0)
    const result: StudyJson = JSON.parse(coordinator.output().slice(coordinator.output().indexOf('{')))
    expect(result.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed'])
    // Points Redis lost are sent again by the worker, so a step may arrive late: order them, count them.
    for (const r of result.runs) expect(rawSteps(coordinatorHome, r.runId, 'loss').sort((a, b) => a - b)).toEqual(range(12))
    expect(isAlive(coordinator.child.pid!)).toBe(false)
  }, 600_000)

  it('collects with study show the runs that finished while the coordinator was dead', async () => {
    const { workers, redis, coordinatorHome } = await setUp()
    const coordinator = start(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=3', '--seed', '9', '--sweep', 'lr=0.01,0.02', '--queue', redis.url], coordinatorHome)
    cleanups.push(() => {
      if (coordinator.child.exitCode === null) coordinator.child.kill('SIGKILL')
    })
    const runsDir = path.join(coordinatorHome, 'runs')
    await waitFor(() => (existsSync(runsDir) ? readdirSync(runsDir) : []).some((id) => existsSync(path.join(runsDir, id, 'metrics', 'loss.jsonl'))), 300_000, 'a run to report a step')
    coordinator.child.kill('SIGKILL')
    await coordinator.done
    const ended = () => (workers.w1.output() + workers.w2.output()).split('\n').filter((l) => / run \S+: completed$/.test(l)).length
    await waitFor(() => ended() === 2, 300_000, 'the workers to finish both runs')
    const studyId = readdirSync(path.join(coordinatorHome, 'studies'))[0].replace(/\.json$/, '')
    // Before collecting, the record is as the dead coordinator left it: nothing is marked interrupted.
    const runIds = readdirSync(runsDir).filter((d) => !d.startsWith('.'))
    for (const id of runIds) expect(readMeta(coordinatorHome, id).status).toMatch(/^(queued|running)$/)
    const shown = await runCli(['study', 'show', studyId, '--json'], coordinatorHome)
    expect(shown.code, shown.stderr).toBe(0)
    const result: StudyJson = JSON.parse(shown.stdout)
    expect(result.runs.map((r) => r.status)).toEqual(['completed', 'completed'])
    for (const r of result.runs) {
      expect(rawSteps(coordinatorHome, r.runId, 'loss').sort((a, b) => a - b)).toEqual(range(12))
      expect(existsSync(path.join(runsDir, r.runId, 'checkpoints', 'epoch-0003', 'checkpoint.json'))).toBe(true)
      expect(readMeta(coordinatorHome, r.runId).remote).toMatchObject({ coordinator: null })
    }
  }, 600_000)
})
