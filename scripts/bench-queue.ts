/**
 * `npm run bench:queue`: what the queue costs. Prints JSON lines:
 *  - the coordinator's cost per metric point: N metric events are put in a run's stream in a
 *    throw-away redis-server, then a coordinator applies them to a run store (read, parse,
 *    de-duplicate, append, meta cursor), next to appending the same points to the store directly;
 *  - the wall time of a 4-run study of tiny shapes-cnn runs on one worker and on two workers
 *    (each worker trains one run at a time; the coordinator is `benchtop run --sweep --queue`).
 * Needs redis-server. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-queue.ts [--points N] [--no-study]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { queueConnection } from '../src/main/cluster/connection'
import { QueueCoordinator } from '../src/main/cluster/coordinator'
import { startRedis } from '../src/main/cluster/localRedis'
import { keys } from '../src/main/cluster/wire'
import { hostInfo } from '../src/main/engine/host'
import { DatasetRegistry } from '../src/main/datasets'
import { RunStore } from '../src/main/store'

const line = (value: Record<string, unknown>) => process.stdout.write(JSON.stringify(value) + '\n')
const argv = process.argv.slice(2)
const points = Number(argv[argv.indexOf('--points') + 1]) || 20_000
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'benchtop-bench-queue-'))
const redis = await startRedis()

try {
  // ---- coordinator overhead per metric point ----
  const home = path.join(tmp, 'coordinator')
  const store = new RunStore(home)
  const make = () => store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: { config: {}, seed: 1, data: null, backend: null } })
  const direct = make()
  const t0 = performance.now()
  for (let step = 1; step <= points; step++) store.appendMetric(direct.id, 'loss', [{ step, epoch: 1, time: Date.now(), value: 1 / step }])
  const directMs = performance.now() - t0

  const run = make()
  const connection = queueConnection({ url: redis.url })
  store.updateMeta(run.id, { status: 'running', remote: { queue: connection.label, worker: null, cursor: '0-0', attempt: null, coordinator: null, attempts: 0 } })
  const client = new Redis(connection.options)
  const attempt = 'bench'
  const pipeline = client.pipeline()
  pipeline.xadd(keys.events(run.id), '*', 'a', attempt, 'e', JSON.stringify({ type: 'started', worker: 'bench', host: hostInfo(), attempt: 1, resumeFrom: null }))
  for (let step = 1; step <= points; step++) {
    const message = { type: 'metrics', name: 'loss', points: [{ step, epoch: 1, time: Date.now(), value: 1 / step }] }
    pipeline.xadd(keys.events(run.id), '*', 'a', attempt, 'e', JSON.stringify({ type: 'msg', message }))
  }
  await pipeline.exec()
  client.disconnect()
  const coordinator = new QueueCoordinator(connection, { store, datasets: new DatasetRegistry(home), emit: () => undefined })
  const t1 = performance.now()
  await coordinator.adopt([run.id])
  const queueMs = performance.now() - t1
  await coordinator.close()
  const recorded = store.readMetric(run.id, 'loss').length
  line({
    bench: 'queue-coordinator',
    points,
    recorded,
    coordinatorUsPerPoint: Math.round((1000 * queueMs) / points),
    storeAppendUsPerPoint: Math.round((1000 * directMs) / points),
    pointsPerSecond: Math.round(points / (queueMs / 1000)),
  })

  // ---- a 4-run study on one worker and on two ----
  if (!argv.includes('--no-study')) {
    const bin = path.join(root, 'bin', 'benchtop.mjs')
    const tiny = ['--set', 'size=8', '--set', 'trainCount=64', '--set', 'testCount=16', '--set', 'filters=2', '--set', 'batch=16', '--set', 'epochs=3']
    for (const workers of [1, 2]) {
      const procs = Array.from({ length: workers }, (_, i) => {
        const child = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--name', `w${i + 1}`], { env: { ...process.env, BENCHTOP_HOME: path.join(tmp, `w${workers}-${i}`) }, stdio: ['ignore', 'ignore', 'pipe'] })
        let out = ''
        child.stderr!.on('data', (d) => (out += d))
        return { child, ready: () => out.includes('waiting for runs') }
      })
      while (!procs.every((p) => p.ready())) await new Promise((r) => setTimeout(r, 200))
      const started = performance.now()
      const code = await new Promise<number | null>((resolve) => {
        const c = spawn(process.execPath, [bin, 'run', 'shapes-cnn', ...tiny, '--sweep', 'lr=0.01,0.02,0.03,0.04', '--queue', redis.url, '--json'], { env: { ...process.env, BENCHTOP_HOME: path.join(tmp, `c${workers}`) }, stdio: 'ignore' })
        c.on('close', resolve)
      })
      const seconds = (performance.now() - started) / 1000
      for (const p of procs) p.child.kill('SIGKILL')
      line({ bench: 'queue-study', runs: 4, workers, concurrencyPerWorker: 1, cores: os.cpus().length, seconds: Math.round(seconds * 10) / 10, ok: code === 0 })
    }
  }
} finally {
  await redis.stop()
  rmSync(tmp, { recursive: true, force: true })
}
