import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { tempHome } from '../helpers/cli'
import { fakeLauncher } from '../helpers/fakeLauncher'

const OUTSIDE = 'a file outside the run\n'

/** A stopped run with one complete checkpoint, as training leaves it, and a file outside it. */
function stoppedRun() {
  const home = tempHome()
  const { launcher, processes } = fakeLauncher()
  const core = new BenchtopCore({ home, launcher })
  const params = { config: { size: 8, classes: 3, trainCount: 32, testCount: 8, filters: 2, epochs: 2, batch: 16, lr: 0.01 }, seed: 1, data: null, backend: null }
  const meta = core.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params })
  const dir = core.store.runDir(meta.id)
  const checkpoint = path.join(dir, 'checkpoints', 'epoch-0001')
  mkdirSync(checkpoint)
  writeFileSync(path.join(checkpoint, 'checkpoint.json'), JSON.stringify({ name: 'epoch-0001', step: 2, epoch: 1, time: 1 }))
  core.store.updateMeta(meta.id, { status: 'interrupted', startedAt: new Date().toISOString(), ownerPid: null, lastCheckpoint: 'epoch-0001' })
  const outside = path.join(home, 'outside.txt')
  writeFileSync(outside, OUTSIDE)
  return { home, core, id: meta.id, dir, processes, outside }
}

function replaceParams(dir: string, change: (p: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'params.json')
  const params = JSON.parse(readFileSync(file, 'utf8'))
  change(params)
  writeFileSync(file, JSON.stringify(params))
}

describe('a run folder that cannot be trusted', () => {
  it('resumes a clean folder (the baseline for the cases below)', async () => {
    const { core, id, dir, processes } = stoppedRun()
    await core.resumeRun(id)
    expect(processes).toHaveLength(1)
    expect(processes[0]!.sent[0]).toMatchObject({ type: 'train', job: { resumeFrom: path.join(dir, 'checkpoints', 'epoch-0001') } })
  })

  it('does not write the log through a log.txt that links elsewhere, nor read it back', async () => {
    const { core, id, dir, processes, outside } = stoppedRun()
    symlinkSync(outside, path.join(dir, 'log.txt'))
    await expect(core.resumeRun(id)).rejects.toThrow(/log\.txt is a symbolic link/)
    await expect(core.readRunLog(id)).rejects.toThrow(/log\.txt is a symbolic link/)
    expect(processes).toHaveLength(0)
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE)
  })

  it('does not read a meta.json that links elsewhere', async () => {
    const { core, id, dir, home } = stoppedRun()
    const elsewhere = path.join(home, 'meta-elsewhere.json')
    writeFileSync(elsewhere, readFileSync(path.join(dir, 'meta.json')))
    const file = path.join(dir, 'meta.json')
    rmSync(file)
    symlinkSync(elsewhere, file)
    expect(() => core.store.readMeta(id)).toThrow(/meta\.json is a symbolic link/)
    await expect(core.resumeRun(id)).rejects.toThrow(/symbolic link/)
  })

  it('neither reads nor appends metrics through a link', async () => {
    const { core, id, dir, outside } = stoppedRun()
    symlinkSync(outside, path.join(dir, 'metrics', 'loss.jsonl'))
    expect(() => core.store.readMetric(id, 'loss')).toThrow(/loss\.jsonl is a symbolic link/)
    expect(() => core.store.appendMetric(id, 'loss', [{ step: 1, epoch: 1, time: 1, value: 0.5 }])).toThrow(/symbolic link/)
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE)
    // Listing still works; the linked metric is simply not shown.
    expect((await core.listRuns())[0]!.latest).toEqual({})
  })

  it('refuses a metrics folder that links elsewhere', async () => {
    const { core, id, dir, home } = stoppedRun()
    const elsewhere = path.join(home, 'elsewhere')
    mkdirSync(elsewhere)
    rmSync(path.join(dir, 'metrics'), { recursive: true })
    symlinkSync(elsewhere, path.join(dir, 'metrics'))
    expect(() => core.store.appendMetric(id, 'loss', [{ step: 1, epoch: 1, time: 1, value: 0.5 }])).toThrow(/metrics is a symbolic link/)
    await expect(core.resumeRun(id)).rejects.toThrow(/metrics is a symbolic link/)
  })

  it('does not resume from a checkpoint folder that links elsewhere', async () => {
    const { core, id, dir, home, processes } = stoppedRun()
    const elsewhere = path.join(home, 'foreign-checkpoint')
    mkdirSync(elsewhere)
    writeFileSync(path.join(elsewhere, 'checkpoint.json'), JSON.stringify({ name: 'epoch-0002', step: 4, epoch: 2, time: 1 }))
    symlinkSync(elsewhere, path.join(dir, 'checkpoints', 'epoch-0002'))
    core.store.updateMeta(id, { lastCheckpoint: 'epoch-0002' })
    await expect(core.resumeRun(id)).rejects.toThrow(/epoch-0002.*not a folder of the run/)
    expect(processes).toHaveLength(0)
  })

  it.each(['../../x', '../epoch-0001', '/etc', 'epoch-0001/../../..', '.', '..', 'missing'])('refuses lastCheckpoint %j', async (name) => {
    const { core, id, processes } = stoppedRun()
    core.store.updateMeta(id, { lastCheckpoint: name })
    await expect(core.resumeRun(id)).rejects.toThrow(/checkpoint/)
    expect(processes).toHaveLength(0)
  })

  it.each([
    ['a value out of range', (p: Record<string, unknown>): void => void ((p.config as Record<string, unknown>).epochs = 1e9), /epochs must be at most/],
    ['an unknown key', (p: Record<string, unknown>): void => void ((p.config as Record<string, unknown>).evil = 1), /unknown config key 'evil'/],
    ['a config that is not an object', (p: Record<string, unknown>): void => void (p.config = 'x'), /config is not an object/],
    ['an unknown backend', (p: Record<string, unknown>): void => void (p.backend = 'evil'), /unknown backend/],
    ['a seed that is not a number', (p: Record<string, unknown>): void => void (p.seed = 'x'), /seed must be a whole number/],
    ['data that does not exist', (p: Record<string, unknown>): void => void (p.data = '/no/such/dataset'), /no such file or folder/],
  ] as const)('re-checks params.json before resuming: %s', async (_what, change, message) => {
    const { core, id, dir, processes } = stoppedRun()
    replaceParams(dir, change)
    const error = await core.resumeRun(id).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(path.join(dir, 'params.json'))
    expect(processes).toHaveLength(0)
  })
})
