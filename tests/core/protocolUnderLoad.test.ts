import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import type { ConfigValue } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'

/** A process that keeps one core busy until it is killed. */
function busyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
}

/** Blocks this event loop, as a busy main process (the app drawing, other runs writing) does. */
function block(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) {
    // spin
  }
}

const checkpointName = (epoch: number) => `epoch-${String(epoch).padStart(4, '0')}`

async function expectCompleteRun(core: BenchtopCore, set: Record<string, ConfigValue>, seed: number): Promise<void> {
  const steps = (Number(set.trainCount) / Number(set.batch)) * Number(set.epochs)
  const run = await core.startRun({ experiment: 'shapes-cnn', preset: 'quick', set, seed })
  const done = await core.waitForRun(run.id)
  const detail = await core.getRun(run.id)
  expect({ seed, status: done.status, error: done.error }).toEqual({ seed, status: 'completed', error: null })
  expect(detail.checkpoints.map((c) => c.name)).toEqual(Array.from({ length: Number(set.epochs) }, (_, i) => checkpointName(i + 1)))
  expect(detail).toMatchObject({ lastCheckpoint: checkpointName(Number(set.epochs)), step: steps, epoch: set.epochs, totalSteps: steps })
  expect(core.store.readMetric(run.id, 'loss').map((p) => p.step)).toEqual(Array.from({ length: steps }, (_, k) => k + 1))
}

describe('the training protocol on a busy machine', () => {
  const hogs: ChildProcess[] = []
  beforeAll(() => {
    // Both cores (and then some) kept busy by other processes for the whole suite.
    for (let i = 0; i < 2; i++) hogs.push(busyLoop())
  })
  afterAll(() => {
    for (const hog of hogs) hog.kill('SIGKILL')
  })

  it('records many short runs in a row as completed, with every checkpoint', async () => {
    const core = new BenchtopCore({ home: tempHome() })
    for (let seed = 0; seed < 3; seed++) {
      await expectCompleteRun(core, { size: 8, trainCount: 32, testCount: 8, filters: 2, batch: 16, epochs: 3 }, seed)
    }
  }, 900_000)

  it('loses nothing when the core reads more slowly than the trainer writes', async () => {
    const core = new BenchtopCore({ home: tempHome() })
    // A slow listener: the core falls behind, so messages are still queued when the trainer ends.
    core.subscribe(() => block(4))
    await expectCompleteRun(core, { size: 8, trainCount: 480, testCount: 8, filters: 2, batch: 2, epochs: 2 }, 1)
  }, 900_000)
})
