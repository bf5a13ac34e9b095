/** The study's pure parts: the cross product, difference curves and the summary table. */
import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../src/shared/api'
import { combinationLabel, crossProduct, crossProductSize } from '../../src/shared/study/crossProduct'
import { differenceCurve, differencePairs } from '../../src/shared/study/differenceCurve'
import { epochDurations, median, studyTable } from '../../src/shared/study/studyTable'
import { parseSweep, planStudy } from '../../src/main/core/studyPlan'
import { findExperimentInfo, findExperimentInfo as findExperiment } from '../../src/main/experiments/registry'

const resnet = findExperimentInfo('resnet')

/** The resnet quick preset's values (the study plans build on them). */
const QUICK = resnet.presets.find((p) => p.name === 'quick')!.values as { size: number; trainLimit: number }

const pt = (step: number, epoch: number, time: number, value: number): MetricPoint => ({ step, epoch, time, value })

describe('crossProduct', () => {
  it('gives every combination, the first axis varying slowest, against a brute-force nested loop', () => {
    const axes = [
      { key: 'model', values: ['ResNet18', 'ResNet50'] },
      { key: 'shortcut', values: [true, false] },
      { key: 'lr', values: [0.1, 0.01, 0.001] },
    ]
    const expected: Array<Record<string, unknown>> = []
    for (const model of axes[0].values) for (const shortcut of axes[1].values) for (const lr of axes[2].values) expected.push({ model, shortcut, lr })
    expect(crossProduct(axes)).toEqual(expected)
    expect(crossProductSize(axes)).toBe(12)
  })
  it('no axes or an axis without values gives no runs', () => {
    expect(crossProduct([])).toEqual([])
    expect(crossProduct([{ key: 'a', values: [1] }, { key: 'b', values: [] }])).toEqual([])
    expect(crossProductSize([{ key: 'a', values: [1, 2] }, { key: 'b', values: [] }])).toBe(0)
  })
  it('labels a combination as key=value pairs', () => {
    expect(combinationLabel({ model: 'ResNet18', shortcut: false })).toBe('model=ResNet18, shortcut=false')
  })
})

describe('planStudy', () => {
  const resnet = findExperiment('resnet')
  const sweep = [parseSweep('model=ResNet18,ResNet50'), parseSweep('shortcut=true,false')]

  it('parses the values by field type and resolves one config per run on top of the preset and --set', () => {
    const plan = planStudy(resnet, { experiment: 'resnet', preset: 'quick', set: { epochs: '1' as unknown as number }, sweep })
    expect(plan.axes).toEqual([
      { key: 'model', values: ['ResNet18', 'ResNet50'] },
      { key: 'shortcut', values: [true, false] },
    ])
    expect(plan.runs.map((r) => [r.config.model, r.config.shortcut, r.config.epochs, r.config.size])).toEqual([
      ['ResNet18', true, 1, QUICK.size],
      ['ResNet18', false, 1, QUICK.size],
      ['ResNet50', true, 1, QUICK.size],
      ['ResNet50', false, 1, QUICK.size],
    ])
    expect(plan.parallel).toBe(1)
    expect(plan.preset).toBe('quick')
  })

  it('refuses bad values, unknown keys, repeats, overlaps, empty and huge sweeps, with the argument named', () => {
    const plan = (s: Parameters<typeof planStudy>[1]['sweep'], extra = {}) => () => planStudy(resnet, { experiment: 'resnet', sweep: s, ...extra })
    expect(plan([parseSweep('model=ResNet18,ResNet34')])).toThrow('--sweep model: model must be one of ResNet18, ResNet50')
    expect(plan([parseSweep('shortcut=yes,maybe')])).toThrow("--sweep shortcut: shortcut must be true or false, got 'maybe'")
    expect(plan([parseSweep('size=8')])).toThrow('size must be at least 16')
    expect(plan([parseSweep('depth=1,2')])).toThrow("unknown config key 'depth' for resnet; valid keys: model")
    expect(plan([parseSweep('shortcut=true,1')])).toThrow('the value true is given twice')
    expect(plan([parseSweep('lr=0.1'), parseSweep('lr=0.2')])).toThrow('lr is swept twice')
    expect(plan([parseSweep('lr=0.1,0.2')], { set: { lr: 0.3 } })).toThrow('lr is both set (--set) and swept (--sweep)')
    expect(plan([])).toThrow('a study needs at least one swept key')
    const many = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',')
    expect(plan([parseSweep(`epochs=${many(9)}`), parseSweep(`batch=${many(8)}`)])).toThrow('9 x 8 = 72 runs; a study has at most 64')
    expect(plan([parseSweep(`epochs=${many(8)}`), parseSweep(`batch=${many(8)}`)])).not.toThrow()
    expect(plan([parseSweep('lr=0.1')], { parallel: 0 })).toThrow('--parallel must be a whole number from 1 to 16')
    expect(() => parseSweep('model')).toThrow("--sweep: expected key=value1,value2, got 'model'")
    expect(() => parseSweep('model=a,,b')).toThrow('a value is empty')
  })
})

describe('difference curves', () => {
  it('subtracts step by step where both runs have the step, and leaves the rest out', () => {
    const withS = [pt(1, 1, 10, 0.5), pt(2, 1, 20, 0.7), pt(3, 2, 30, 0.9)]
    const without = [pt(1, 1, 11, 0.4), pt(2, 1, 19, 0.75)]
    const d = differenceCurve(withS, without)
    expect(d.map((p) => p.step)).toEqual([1, 2])
    expect(d[0].value).toBeCloseTo(0.1, 12)
    expect(d[1].value).toBeCloseTo(-0.05, 12)
    expect(d[0]).toMatchObject({ epoch: 1, time: 11 })
  })
  it('pairs the runs that differ only in the key, one pair per model', () => {
    const combos = [
      { model: 'ResNet18', shortcut: true },
      { model: 'ResNet18', shortcut: false },
      { model: 'ResNet50', shortcut: true },
      { model: 'ResNet50', shortcut: false },
    ]
    expect(differencePairs('shortcut', ['a', 'b', 'c', 'd'], combos)).toEqual([
      { shared: { model: 'ResNet18' }, minuend: 'a', subtrahend: 'b' },
      { shared: { model: 'ResNet50' }, minuend: 'c', subtrahend: 'd' },
    ])
    // Order of the sweep decides which value is the minuend.
    expect(differencePairs('shortcut', ['b', 'a'], [combos[1], combos[0]])[0]).toMatchObject({ minuend: 'b', subtrahend: 'a' })
    expect(differencePairs('model', ['a', 'b', 'c', 'd'], combos).map((p) => p.shared)).toEqual([{ shortcut: true }, { shortcut: false }])
    expect(differencePairs('lr', ['a'], [{ lr: 1 }])).toEqual([])
  })
})

describe('studyTable', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
  it('times the epochs after the first; a single epoch from its first step plus one typical step', () => {
    const loss = [pt(1, 1, 1000, 1), pt(2, 1, 1100, 1), pt(3, 1, 1300, 1), pt(4, 2, 1500, 1), pt(5, 3, 1900, 1)]
    const ends = [pt(3, 1, 1400, 0.5), pt(4, 2, 1700, 0.6), pt(5, 3, 2300, 0.6)]
    expect(epochDurations(loss, ends)).toEqual([300, 600])
    // One epoch: 400 ms from step 1's end, plus the median step gap (150 ms) for step 1 itself.
    expect(epochDurations(loss, ends.slice(0, 1))).toEqual([550])
    expect(epochDurations(loss.slice(0, 1), [pt(1, 1, 1200, 0.5)])).toEqual([])
    expect(epochDurations(loss, [])).toEqual([])
  })
  it('final and best accuracies, median epoch time, params; nulls for a run not started', () => {
    const rows = studyTable([
      {
        runId: 'a',
        name: 'A',
        status: 'completed',
        values: { shortcut: true },
        loss: [pt(1, 1, 0, 1), pt(2, 2, 150, 1), pt(3, 3, 400, 1)],
        trainAccuracy: [pt(1, 1, 100, 0.5), pt(2, 2, 200, 0.8), pt(3, 3, 500, 0.7)],
        valAccuracy: [pt(1, 1, 100, 0.4), pt(2, 2, 200, NaN), pt(3, 3, 500, 0.6)],
        params: 1234,
      },
      { runId: 'b', name: 'B', status: 'queued', values: { shortcut: false }, loss: [], trainAccuracy: [], valAccuracy: [], params: null },
    ])
    expect(rows[0]).toEqual({
      runId: 'a',
      name: 'A',
      status: 'completed',
      values: { shortcut: true },
      finalTrainAccuracy: 0.7,
      bestTrainAccuracy: 0.8,
      finalValAccuracy: 0.6,
      bestValAccuracy: 0.6,
      medianEpochMs: 200,
      params: 1234,
      epochs: 3,
    })
    expect(rows[1]).toMatchObject({ finalTrainAccuracy: null, bestValAccuracy: null, medianEpochMs: null, params: null, epochs: 0 })
  })
})

describe('startStudy argument check (IPC and web server)', () => {
  it('accepts a sweep and refuses malformed ones before the core sees them', async () => {
    const { checkCall } = await import('../../src/shared/apiMethods')
    const ok = { experiment: 'resnet', preset: 'quick', sweep: [{ key: 'shortcut', values: [true, false] }], parallel: 2, seed: 1 }
    expect(() => checkCall('startStudy', [ok])).not.toThrow()
    expect(() => checkCall('startStudy', [{ ...ok, sweep: [] }])).toThrow('startStudy: argument 1 sweep must be a list of 1 to 16 { key, values }')
    expect(() => checkCall('startStudy', [{ ...ok, sweep: [{ key: '../x', values: [1] }] }])).toThrow('a sweep key must be a config key')
    expect(() => checkCall('startStudy', [{ ...ok, sweep: [{ key: 'lr', values: [{}] }] }])).toThrow('sweep lr values must be numbers, text or true/false')
    expect(() => checkCall('startStudy', [{ ...ok, parallel: 0 }])).toThrow('parallel must be a whole number from 1 to 64')
    expect(() => checkCall('startStudy', [{ ...ok, extra: 1 }])).toThrow('unknown field(s) extra')
    expect(() => checkCall('getStudy', ['../etc'])).toThrow('getStudy: argument 1 must be an id')
    expect(() => checkCall('startRun', [{ experiment: 'resnet', sweep: [] }])).toThrow('unknown field(s) sweep')
  })
})
