import { describe, expect, it } from 'vitest'
import type { CheckpointInfo, SampleRecord } from '../../../src/shared/api'
import { checkpointOptions, latestCheckpoint } from '../../../src/renderer/src/components/lm/checkpoints'
import { SAMPLE_DEFAULTS, sampleFormProblem, sampleRequest } from '../../../src/renderer/src/components/lm/samplingForm'
import { epochTimeline } from '../../../src/renderer/src/components/lm/timeline'

const ckpt = (epoch: number, step: number): CheckpointInfo => ({ name: `epoch-000${epoch}`, epoch, step, time: 0 })
const word = (w: string) => ({ word: w, letters: [...w].map((letter) => ({ letter, p: 0.4, q: 0.6 })), ended: true })

describe('checkpoint options', () => {
  it('lists every checkpoint by epoch, oldest first, the latest marked and chosen by default', () => {
    const list = [ckpt(2, 20), ckpt(1, 10), ckpt(3, 30)]
    expect(checkpointOptions(list, 'epoch-0003').map((o) => o.label)).toEqual(['epoch 1', 'epoch 2', 'epoch 3 (latest)'])
    expect(latestCheckpoint(list, 'epoch-0002')).toBe('epoch-0002')
    expect(latestCheckpoint(list, null)).toBe('epoch-0003')
    expect(latestCheckpoint([], null)).toBeNull()
  })
})

describe('the sampling form', () => {
  it("defaults to the seed's top-3 at temperature 1, and checks the ranges the core enforces", () => {
    expect(SAMPLE_DEFAULTS).toMatchObject({ topK: 3, temperature: 1 })
    expect(sampleFormProblem(SAMPLE_DEFAULTS)).toBeNull()
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, n: 0 })).toMatch(/^Words/)
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, n: 201 })).toMatch(/^Words/)
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, temperature: 0 })).toMatch(/^Temperature/)
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, topK: 28 })).toMatch(/^Top-k/)
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, topK: 1.5 })).toMatch(/^Top-k/)
    expect(sampleFormProblem({ ...SAMPLE_DEFAULTS, seed: -1 })).toMatch(/^Seed/)
    expect(sampleRequest(SAMPLE_DEFAULTS, 'epoch-0001')).toEqual({ ...SAMPLE_DEFAULTS, checkpoint: 'epoch-0001' })
  })
})

describe('the epoch timeline', () => {
  const record = (step: number, words: string[]): SampleRecord => ({ step, time: step, value: { count: words.length, topK: 3, temperature: 1, words: words.map(word) } })

  it('gives one entry per epoch: from the checkpoint saved at its step, else from steps per epoch', () => {
    const entries = epochTimeline([record(10, ['ab']), record(20, ['cd']), record(30, ['ef'])], [ckpt(1, 10), ckpt(2, 20)], 10)
    expect(entries.map((e) => [e.epoch, e.step, e.words.map((w) => w.word)])).toEqual([[1, 10, ['ab']], [2, 20, ['cd']], [3, 30, ['ef']]])
    expect(entries[0]).toMatchObject({ topK: 3, temperature: 1 })
  })

  it('keeps the later record of an epoch sampled twice (a resumed run) and skips records of another shape', () => {
    const entries = epochTimeline([record(20, ['old']), { step: 5, time: 5, value: { text: 'x' } }, record(20, ['new']), record(10, ['first'])], [], 10)
    expect(entries.map((e) => [e.epoch, e.words[0].word])).toEqual([[1, 'first'], [2, 'new']])
  })
})
