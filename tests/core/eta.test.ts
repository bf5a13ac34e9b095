/** The core's time left leaves start-up out: it counts from the first progress message. */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreEvent } from '../../src/shared/api'
import { estimateTimeLeft, RunSupervisor } from '../../src/main/core/runSupervisor'
import { RunStore } from '../../src/main/store'
import type { TrainingProcess } from '../../src/main/training/launcher'
import type { FromWorker } from '../../src/main/training/protocol'

afterEach(() => vi.useRealTimers())

function fakeChild() {
  let listener: (m: FromWorker) => void = () => {}
  const child: TrainingProcess = {
    pid: undefined,
    send: () => {},
    onMessage: (l) => (listener = l),
    onExit: () => {},
    kill: () => {},
  }
  return { child, send: (m: FromWorker) => listener(m) }
}

describe('time left', () => {
  it('is estimated from the steps after the first progress message, not from the process start', () => {
    vi.useFakeTimers()
    vi.setSystemTime(0)
    const store = new RunStore(mkdtempSync(path.join(os.tmpdir(), 'eta-')))
    const meta = store.createRun({ experiment: 'x', preset: 'p', seed: 1, params: {} })
    const events: CoreEvent[] = []
    const { child, send } = fakeChild()
    new RunSupervisor(store, meta.id, child, (e) => events.push(e))
    // 2 minutes of start-up (process, backend, decoding), then 1 s per step.
    vi.setSystemTime(120_000)
    send({ type: 'progress', step: 0, epoch: 0, totalSteps: 100, totalEpochs: 1 })
    vi.setSystemTime(125_000)
    send({ type: 'progress', step: 5, epoch: 1, totalSteps: 100, totalEpochs: 1 })
    const etas = events.flatMap((e) => (e.type === 'run-progress' ? [e.etaMs] : []))
    // Starting (nothing timed yet), then 95 steps at 1 s: 95 s, where counting from the start said 2280 s.
    expect(etas).toEqual([null, 95_000])
  })

  it('estimateTimeLeft: null before a step is timed, never negative', () => {
    expect(estimateTimeLeft({ step: 3, time: 10 }, { step: 3, time: 50 }, 10)).toBeNull()
    expect(estimateTimeLeft({ step: 0, time: 0 }, { step: 10, time: 1000 }, 10)).toBe(0)
    expect(estimateTimeLeft({ step: 0, time: 0 }, { step: 2, time: 1000 }, 4)).toBe(1000)
  })
})
