/**
 * `benchtop cancel` reaches runs on the queue: from another process of the coordinator's home, a
 * run training on a worker is told to stop (through Redis) and one still waiting on the queue is
 * taken off it. A real redis-server on 127.0.0.1 and one `benchtop worker` (concurrency 1, so the
 * second run waits). The running run is long (1,200 steps) so that it is still training when asked.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunMeta } from '../../src/shared/api'
import { ROOT, runCli, tempHome, TINY, waitFor } from '../helpers/cli'
import { redisMissing, startRedis, type RedisServer } from './redisServer'

const BIN = path.join(ROOT, 'bin', 'benchtop.mjs')
const missing = redisMissing()
if (missing) console.log(`skipping the queue cancel test: ${missing}`)

const children: ChildProcess[] = []
let redis: RedisServer | null = null
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await redis?.stop()
})

function start(args: string[], home: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BENCHTOP_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let text = ''
  child.stdout!.on('data', (d) => (text += d))
  child.stderr!.on('data', (d) => (text += d))
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => text, done }
}

const readMeta = (home: string, id: string): RunMeta => JSON.parse(readFileSync(path.join(home, 'runs', id, 'meta.json'), 'utf8'))
const lossSteps = (home: string, id: string) => {
  const file = path.join(home, 'runs', id, 'metrics', 'loss.jsonl')
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length : 0
}

describe.skipIf(missing !== null)('cancel of runs on the queue', () => {
  it('stops a run training on a worker and takes a waiting one off the queue', async () => {
    redis = await startRedis()
    const worker = start(['worker', '--queue', redis.url, '--name', 'w1', '--concurrency', '1'], tempHome())
    await waitFor(() => worker.output().includes('waiting for runs'), 120_000, `the worker to start: ${worker.output()}`)

    const home = tempHome()
    const coordinator = start(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=300', '--seed', '4', '--sweep', 'lr=0.01,0.02', '--queue', redis.url, '--json'], home)
    const runsDir = path.join(home, 'runs')
    let running = ''
    await waitFor(() => {
      const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []
      running = ids.find((id) => existsSync(path.join(runsDir, id, 'meta.json')) && readMeta(home, id).remote?.worker === 'w1' && lossSteps(home, id) > 0) ?? ''
      return running !== ''
    }, 300_000, 'a run to train on w1')
    const waiting = readdirSync(runsDir).find((d) => !d.startsWith('.') && d !== running)!
    expect(readMeta(home, waiting).remote?.worker).toBeNull()

    // Another process of the same home, as a user typing `benchtop cancel` would be.
    for (const id of [waiting, running]) {
      const r = await runCli(['cancel', id], home)
      expect(r.code, r.stderr).toBe(0)
    }
    // A study with cancelled runs ends with 130, as a cancelled run does.
    expect(await coordinator.done, coordinator.output()).toBe(130)
    const result = JSON.parse(coordinator.output().slice(coordinator.output().indexOf('{'))) as { runs: Array<{ runId: string; status: string }> }
    const status = Object.fromEntries(result.runs.map((r) => [r.runId, r.status]))
    expect(status).toEqual({ [running]: 'cancelled', [waiting]: 'cancelled' })
    // The running one stopped early; the waiting one never reached a worker.
    expect(lossSteps(home, running)).toBeLessThan(1200)
    expect(readMeta(home, waiting)).toMatchObject({ startedAt: null, remote: { worker: null, attempts: 0 } })
    expect(lossSteps(home, waiting)).toBe(0)
    await waitFor(() => new RegExp(`run ${running}: cancelled`).test(worker.output()), 60_000, `the worker to report the cancel: ${worker.output()}`)
    expect(worker.output()).not.toContain(`run ${waiting}`)
  }, 600_000)
})
