import { describe, expect, it } from 'vitest'
import type { MetricPoint, RunDetail } from '../../../src/shared/api'
import {
  addPoints,
  differingConfig,
  experimentsOf,
  isSeedKey,
  orderMetrics,
  parseRunIds,
  runLabel,
  samplesPerStepOf,
  seedsDiffer,
  startTimeOf,
  stepsPerEpochOf,
} from '../../../src/renderer/src/charts/compare'

function run(partial: Partial<RunDetail> & { config?: Record<string, unknown> }): RunDetail {
  const { config, ...rest } = partial
  return {
    id: 'r',
    name: 'run',
    seed: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    startedAt: '2024-01-01T00:00:10.000Z',
    totalSteps: 100,
    totalEpochs: 4,
    params: { config: config ?? {} },
    ...rest,
  } as RunDetail
}

const p = (step: number, value = step): MetricPoint => ({ step, epoch: 1, time: step, value })

describe('compare helpers', () => {
  it('parses ?runs= in its forms', () => {
    expect(parseRunIds('a,b, c,,a')).toEqual(['a', 'b', 'c'])
    expect(parseRunIds(['a,b', 'c'])).toEqual(['a', 'b', 'c'])
    expect(parseRunIds(undefined)).toEqual([])
    expect(parseRunIds(null)).toEqual([])
  })

  it('finds the config values that differ, then the seed', () => {
    const runs = [
      run({ seed: 1, config: { lr: 0.1, batch: 32, aug: true } }),
      run({ seed: 2, config: { lr: 0.01, batch: 32 } }),
    ]
    expect(differingConfig(runs, { includeSeeds: true })).toEqual(['lr', 'aug', 'seed'])
    expect(differingConfig([runs[0]])).toEqual([])
    expect(differingConfig([runs[0], runs[0]])).toEqual([])
  })

  it('leaves random seeds out of the differing config unless asked for', () => {
    const runs = [
      run({ seed: 1, config: { lr: 0.1, dataSeed: 5 } }),
      run({ seed: 2, config: { lr: 0.1, dataSeed: 6 } }),
      run({ seed: 3, config: { lr: 0.3, dataSeed: 6 } }),
    ]
    expect(differingConfig(runs)).toEqual(['lr'])
    expect(differingConfig(runs, { includeSeeds: true })).toEqual(['lr', 'dataSeed', 'seed'])
    expect(seedsDiffer(runs)).toBe(true)
    expect(seedsDiffer([runs[0], run({ seed: 1, config: { lr: 0.2, dataSeed: 5 } })])).toBe(false)
    expect(isSeedKey('seed')).toBe(true)
    expect(isSeedKey('lr')).toBe(false)
  })

  it('names the experiments of the runs once each, in order', () => {
    expect(experimentsOf([run({ experiment: 'b' }), run({ experiment: 'a' }), run({ experiment: 'b' })])).toEqual(['b', 'a'])
  })

  it('labels a run with its differing values', () => {
    const r = run({ name: 'base', seed: 3, config: { lr: 0.001, batch: 64 } })
    expect(runLabel(r, [])).toBe('base')
    expect(runLabel(r, ['lr', 'seed'])).toBe('base · lr=0.001, seed=3')
    expect(runLabel(r, ['lr', 'batch', 'seed', 'x'], 2)).toBe('base · lr=0.001, batch=64, …')
  })

  it('orders metrics: loss, accuracy, val_*, then the rest', () => {
    expect(orderMetrics(['zeta', 'val_accuracy', 'epoch_loss', 'accuracy', 'val_f1', 'loss', 'val_loss', 'lr'])).toEqual([
      'loss',
      'accuracy',
      'val_loss',
      'val_accuracy',
      'val_f1',
      'epoch_loss',
      'lr',
      'zeta',
    ])
  })

  it('adds live points in place; a resumed run replaces the steps it redoes', () => {
    const pts = [p(1), p(2), p(3)]
    const same = pts
    expect(addPoints(pts, [p(4), p(5)])).toBe('appended')
    expect(pts).toBe(same)
    expect(pts.map((x) => x.step)).toEqual([1, 2, 3, 4, 5])
    expect(addPoints(pts, [p(3, 30), p(4, 40)])).toBe('replaced')
    expect(pts.map((x) => [x.step, x.value])).toEqual([
      [1, 1],
      [2, 2],
      [3, 30],
      [4, 40],
    ])
    expect(addPoints(pts, [])).toBe('unchanged')
  })

  it('reads batch size, steps per epoch and start time from a run', () => {
    const r = run({ config: { batch: 16 } })
    expect(samplesPerStepOf(r)).toBe(16)
    expect(samplesPerStepOf(run({}))).toBeUndefined()
    expect(stepsPerEpochOf(r)).toBe(25)
    expect(stepsPerEpochOf(run({ totalSteps: null }))).toBeUndefined()
    expect(startTimeOf(r)).toBe(Date.parse('2024-01-01T00:00:10.000Z'))
    // Never after the first point (a resumed run's start may be later).
    expect(startTimeOf(r, Date.parse('2024-01-01T00:00:05.000Z'))).toBe(Date.parse('2024-01-01T00:00:05.000Z'))
    expect(startTimeOf(run({ startedAt: null }))).toBe(Date.parse('2024-01-01T00:00:00.000Z'))
  })
})
