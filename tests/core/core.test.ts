import { describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import type { CoreEvent } from '../../src/shared/api'
import { tempHome, waitFor } from '../helpers/cli'

const TINY = { size: 8, trainCount: 64, testCount: 16, filters: 2, batch: 16 }

describe('BenchtopCore', () => {
  it('streams only new points to listeners and records them in the store', async () => {
    const core = new BenchtopCore({ home: tempHome() })
    const events: CoreEvent[] = []
    core.subscribe((e) => events.push(e))
    const run = await core.startRun({ experiment: 'shapes-cnn', preset: 'quick', set: { ...TINY, epochs: 1 }, seed: 1 })
    expect(run.status).toBe('running')
    const done = await core.waitForRun(run.id)
    expect(done.status).toBe('completed')
    const lossSteps = events.flatMap((e) => (e.type === 'metrics' && e.name === 'loss' ? e.points.map((p) => p.step) : []))
    expect(lossSteps).toEqual([1, 2, 3, 4])
    expect((await core.readMetric(run.id, 'loss')).map((p) => p.step)).toEqual(lossSteps)
    const statuses = events.filter((e) => e.type === 'run-status').map((e) => (e as { status: string }).status)
    expect(statuses).toEqual(['running', 'completed'])
    const progress = events.filter((e) => e.type === 'run-progress')
    expect(progress.at(-1)).toMatchObject({ step: 4, totalSteps: 4, totalEpochs: 1 })
  })

  it('cancels a run cleanly', async () => {
    const core = new BenchtopCore({ home: tempHome() })
    const run = await core.startRun({ experiment: 'shapes-cnn', set: { ...TINY, epochs: 200 }, seed: 2 })
    await waitFor(() => core.store.readMeta(run.id).step >= 2 || core.store.readMetric(run.id, 'loss').length >= 2, 60_000, 'a few steps')
    await core.cancelRun(run.id)
    const done = await core.waitForRun(run.id)
    expect(done.status).toBe('cancelled')
    expect(done.endedAt).not.toBeNull()
  })

  it('marks a run whose training process is SIGKILLed as interrupted, keeping its points', async () => {
    const core = new BenchtopCore({ home: tempHome() })
    // 40 steps in the first epoch: killed before its first checkpoint.
    const run = await core.startRun({ experiment: 'shapes-cnn', set: { ...TINY, trainCount: 640, epochs: 2 }, seed: 3 })
    await waitFor(() => core.store.readMetric(run.id, 'loss').length >= 3, 60_000, 'a few steps')
    process.kill(core.store.readMeta(run.id).workerPid!, 'SIGKILL')
    const done = await core.waitForRun(run.id)
    expect(done.status).toBe('interrupted')
    expect(done.error).toContain('SIGKILL')
    expect(core.store.readMetric(run.id, 'loss').length).toBeGreaterThanOrEqual(3)
    await expect(core.resumeRun(run.id)).rejects.toThrow(/no checkpoint/)
  })

  it('fails a run whose dataset cannot be read, with the path in the error', async () => {
    const home = tempHome()
    const core = new BenchtopCore({ home })
    const run = await core.startRun({ experiment: 'shapes-cnn', set: { ...TINY, epochs: 1 }, data: home })
    const done = await core.waitForRun(run.id)
    expect(done.status).toBe('failed')
    expect(done.error).toContain(home)
  })
})
