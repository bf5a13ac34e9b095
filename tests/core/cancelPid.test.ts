import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { isWorkerOfRun } from '../../src/main/training/workerIdentity'
import { isAlive, tempHome } from '../helpers/cli'
import { fakeLauncher } from '../helpers/fakeLauncher'

/** Every signal the core sends is recorded and none is delivered (kill(pid, 0) checks still work). */
function recordSignals(): Array<[number, string | number | undefined]> {
  const sent: Array<[number, string | number | undefined]> = []
  const realKill = process.kill.bind(process)
  vi.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
    if (signal === 0) return realKill(pid, 0)
    sent.push([pid, signal])
    return true
  })
  return sent
}

describe('cancelRun with a pid taken from meta.json', () => {
  let sleeper: ChildProcess
  let owner: ChildProcess
  beforeAll(() => {
    sleeper = spawn('sleep', ['300'], { stdio: 'ignore' })
    // A live process recorded as the run's owner, so the run is not simply interrupted.
    owner = spawn('sleep', ['300'], { stdio: 'ignore' })
  })
  afterAll(() => {
    sleeper.kill('SIGKILL')
    owner.kill('SIGKILL')
  })
  afterEach(() => vi.restoreAllMocks())

  it.each([
    ['-1 (every process of the user)', -1],
    ['0 (the process group)', 0],
    ['1 (init)', 1],
    ["the test's own pid", process.pid],
    ['a process that is not Benchtop (sleep)', 'sleeper'],
    ['a fraction', 1.5],
    ['a string', '1234'],
  ] as const)('signals nothing for %s', async (_what, pid) => {
    const core = new BenchtopCore({ home: tempHome(), launcher: fakeLauncher().launcher })
    const { id } = core.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
    const workerPid = pid === 'sleeper' ? sleeper.pid! : pid
    core.store.updateMeta(id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: owner.pid!, workerPid: workerPid as number })
    const sent = recordSignals()
    await expect(core.cancelRun(id)).rejects.toThrow(/not a Benchtop training process of this run/)
    expect(sent).toEqual([])
    expect(isAlive(sleeper.pid!)).toBe(true)
    expect(core.store.readMeta(id).status).toBe('running')
  })

  it('marks the run interrupted instead when its owner is gone', async () => {
    const core = new BenchtopCore({ home: tempHome(), launcher: fakeLauncher().launcher })
    const { id } = core.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await new Promise((r) => gone.on('exit', r))
    // Written after the core started, so its start-up sweep did not see it.
    core.store.updateMeta(id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: gone.pid!, workerPid: -1 })
    const sent = recordSignals()
    await core.cancelRun(id)
    expect(sent).toEqual([])
    expect(core.store.readMeta(id).status).toBe('interrupted')
  })

  it('recognises a worker only by its entry file and run id on its command line', () => {
    const entry = '/opt/benchtop/out/main/worker.js'
    const worker = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', entry, '--benchtop-run=20261202-000000-abcd'], { stdio: 'ignore' })
    try {
      if (process.platform !== 'linux') {
        expect(isWorkerOfRun(worker.pid, '20261202-000000-abcd', entry)).toBe(false)
        return
      }
      expect(isWorkerOfRun(worker.pid, '20261202-000000-abcd', entry)).toBe(true)
      expect(isWorkerOfRun(worker.pid, '20261202-000000-wxyz', entry)).toBe(false)
      expect(isWorkerOfRun(worker.pid, '20261202-000000-abcd', '/elsewhere/worker.js')).toBe(false)
      expect(isWorkerOfRun(-1, '20261202-000000-abcd', entry)).toBe(false)
    } finally {
      worker.kill('SIGKILL')
    }
  })
})

describe('a worker recognised by its environment', () => {
  const keepAlive = ['-e', 'setInterval(() => {}, 1000)']
  const run = '20261202-000000-abcd'
  it.each([
    ['BENCHTOP_WORKER=1 and BENCHTOP_RUN=<id>', { BENCHTOP_WORKER: '1', BENCHTOP_RUN: run }, true],
    ['another run', { BENCHTOP_WORKER: '1', BENCHTOP_RUN: '20261202-000000-wxyz' }, false],
    ['the run id without BENCHTOP_WORKER', { BENCHTOP_RUN: run }, false],
    ['neither', {}, false],
  ] as const)('%s', async (_what, env, expected) => {
    // A clean environment: the test's own may not name a run.
    const child = spawn(process.execPath, keepAlive, { stdio: 'ignore', env: { PATH: process.env.PATH, ...env } })
    try {
      await new Promise((r) => setTimeout(r, 50))
      expect(isWorkerOfRun(child.pid, run, '/opt/benchtop/out/main/worker.js')).toBe(process.platform === 'linux' && expected)
    } finally {
      child.kill('SIGKILL')
    }
  })
})
