import * as fs from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { RunStore } from '../../src/main/store'
import { saveCheckpoint } from '../../src/main/training/checkpoint'
import { tempHome, waitFor } from '../helpers/cli'
import { fakeLauncher } from '../helpers/fakeLauncher'
import { deadPid } from '../store/helpers'

/** While `full.on`, every write to a file under `full.under` fails as on a full disk. */
const full = vi.hoisted(() => ({ on: false, under: '' }))

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const noSpace = (): never => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })
  }
  const pathOf = (fd: number): string => {
    try {
      return actual.readlinkSync(`/proc/self/fd/${fd}`)
    } catch {
      return ''
    }
  }
  const writeSync = ((fd: number, ...rest: unknown[]) => {
    if (full.on && pathOf(fd).startsWith(full.under)) noSpace()
    return (actual.writeSync as (...a: unknown[]) => number)(fd, ...rest)
  }) as typeof actual.writeSync
  const appendFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (full.on && String(file).startsWith(full.under)) noSpace()
    return (actual.appendFileSync as (...a: unknown[]) => void)(file, ...rest)
  }) as typeof actual.appendFileSync
  const writeFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (full.on && String(file).startsWith(full.under)) noSpace()
    return (actual.writeFileSync as (...a: unknown[]) => void)(file, ...rest)
  }) as typeof actual.writeFileSync
  const patched = { ...actual, writeSync, appendFileSync, writeFileSync }
  return { ...patched, default: patched }
})

afterEach(() => {
  full.on = false
})

function hiddenTemporaries(dir: string): string[] {
  const found: string[] = []
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.name.startsWith('.') && (entry.name.endsWith('.tmp') || entry.name.startsWith('.tmp-'))) found.push(entry.name)
  }
  return found
}

describe('a full disk', () => {
  it('fails the run with one line, shows it ended at once, writes it when space is back, and resumes', async () => {
    const home = tempHome()
    full.under = home
    const { launcher, processes } = fakeLauncher()
    const core = new BenchtopCore({ home, launcher })
    const run = await core.startRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1 })
    const child = processes[0]!
    const checkpoints = core.store.checkpointsDir(run.id)
    const info = { name: 'epoch-0001', step: 30, epoch: 1, time: Date.now() }
    fs.mkdirSync(path.join(checkpoints, info.name))
    fs.writeFileSync(path.join(checkpoints, info.name, 'checkpoint.json'), JSON.stringify(info))
    child.say({ type: 'checkpoint', checkpoint: info })
    // The trainer died writing its next checkpoint: the disk is full.
    fs.mkdirSync(path.join(checkpoints, '.tmp-epoch-0002-4242'))
    full.on = true
    child.say({ type: 'error', message: 'ENOSPC: no space left on device, write', stack: 'Error: ENOSPC\n    at writeSync (node:fs)' })
    child.exit(1)
    const done = await core.waitForRun(run.id)

    expect(done.status).toBe('failed')
    expect(done.error).toContain('ENOSPC')
    expect(done.error).toContain(path.join(run.dir!, 'meta.json'))
    expect(done.error).not.toContain('\n')
    // meta.json still says running, but nobody is left to run it: the core shows how it ended.
    expect(JSON.parse(fs.readFileSync(path.join(run.dir!, 'meta.json'), 'utf8')).status).toBe('running')
    expect((await core.listRuns())[0]).toMatchObject({ id: run.id, status: 'failed' })
    expect((await core.getRun(run.id)).status).toBe('failed')
    expect(hiddenTemporaries(run.dir!).filter((n) => n.endsWith('.tmp'))).toEqual([])

    full.on = false
    await waitFor(() => core.store.readMeta(run.id).status === 'failed', 30_000, 'the end to be written')
    expect(core.store.readMeta(run.id)).toMatchObject({ status: 'failed', error: 'ENOSPC: no space left on device, write', ownerPid: null, lastCheckpoint: 'epoch-0001' })

    const resumed = await core.resumeRun(run.id)
    expect(resumed.status).toBe('running')
    const job = processes[1]!.sent[0]
    expect(job).toMatchObject({ type: 'train', job: { resumeFrom: path.join(checkpoints, 'epoch-0001') } })
    expect(hiddenTemporaries(run.dir!)).toEqual([])
  }, 60_000)

  it('lists a running run whose owner died as interrupted even when meta.json cannot be written', async () => {
    const home = tempHome()
    full.under = home
    const problems: string[] = []
    const store = new RunStore(home, { onProblem: (_dir, message) => problems.push(message) })
    const { id } = store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
    store.updateMeta(id, { status: 'running', ownerPid: await deadPid(), startedAt: new Date().toISOString() })
    full.on = true
    const [listed] = store.listRuns()
    expect(listed).toMatchObject({ id, status: 'interrupted' })
    expect(listed!.error).toMatch(/ended before the run finished/)
    expect(problems.join('\n')).toMatch(/ENOSPC/)
    expect(hiddenTemporaries(store.runDir(id))).toEqual([])
  })

  it('leaves no half-written checkpoint behind when saving one fails', async () => {
    await tf.setBackend('cpu')
    const dir = path.join(tempHome(), 'checkpoints')
    fs.mkdirSync(dir)
    full.under = dir
    const w = tf.variable(tf.ones([4, 4]))
    const model = { getWeights: () => [w], setWeights: () => {} }
    const optimizer = tf.train.adam(0.01)
    full.on = true
    await expect(saveCheckpoint(dir, 'epoch-0001', model, optimizer, { step: 1, epoch: 1 })).rejects.toThrow(/ENOSPC/)
    expect(fs.readdirSync(dir)).toEqual([])
    w.dispose()
  })
})
