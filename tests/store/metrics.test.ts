import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../src/shared/api'
import { RunStore } from '../../src/main/store'
import { runInit, tempStore } from './helpers'

const point = (step: number, value: number): MetricPoint => ({ step, epoch: Math.floor(step / 10), time: 1_700_000_000_000 + step, value })

describe('metrics', () => {
  it('round-trips points and lists metric names', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.appendMetric(id, 'loss', [point(1, 0.9), point(2, 0.8)])
    store.appendMetric(id, 'loss', [point(3, 0.7)])
    store.appendMetric(id, 'val.acc', [point(3, 0.5)])
    expect(store.readMetric(id, 'loss')).toEqual([point(1, 0.9), point(2, 0.8), point(3, 0.7)])
    expect(store.metricNames(id)).toEqual(['loss', 'val.acc'])
    expect(store.latestMetrics(id)).toEqual({ loss: 0.7, 'val.acc': 0.5 })
    expect(store.latestSteps(id)).toEqual({ loss: 3, 'val.acc': 3 })
    const lines = readFileSync(join(store.runDir(id), 'metrics', 'loss.jsonl'), 'utf8').split('\n')
    expect(JSON.parse(lines[0]!)).toEqual(point(1, 0.9))
    expect(store.readMetric(id, 'missing')).toEqual([])
    expect(() => store.readMetric('20200101-000000-none', 'loss')).toThrow(/no run '20200101-000000-none'/)
  })

  it('rejects metric names that are not plain file names', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    for (const bad of ['', '../x', 'a/b', 'x'.repeat(65), 'sp ace']) {
      expect(() => store.appendMetric(id, bad, [point(1, 1)])).toThrow(/invalid metric name/)
    }
    expect(() => store.appendMetric(id, 'loss', [{ ...point(1, 1), step: NaN }])).toThrow(/finite 'step'/)
  })

  it('stores a diverged (NaN) value and reads it back as NaN', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.appendMetric(id, 'loss', [point(1, NaN)])
    expect(store.readMetric(id, 'loss')[0]!.value).toBeNaN()
  })

  it('ignores a half-written last line, and a later append starts on a new line', () => {
    const { home, store } = tempStore()
    const { id } = store.createRun(runInit())
    store.appendMetric(id, 'loss', [point(1, 0.9), point(2, 0.8)])
    const file = join(store.runDir(id), 'metrics', 'loss.jsonl')
    appendFileSync(file, '{"step":3,"epoch":0,"ti') // the writer was SIGKILLed here
    expect(store.readMetric(id, 'loss')).toEqual([point(1, 0.9), point(2, 0.8)])
    expect(store.latestMetrics(id)).toEqual({ loss: 0.8 })

    // A new process (the resumed run) appends next.
    const resumed = new RunStore(home)
    resumed.appendMetric(id, 'loss', [point(3, 0.7)])
    expect(resumed.readMetric(id, 'loss')).toEqual([point(1, 0.9), point(2, 0.8), point(3, 0.7)])
    expect(resumed.latestMetrics(id)).toEqual({ loss: 0.7 })
  })

  it('skips corrupt lines in the middle', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const file = join(store.runDir(id), 'metrics', 'acc.jsonl')
    const good = (p: MetricPoint) => JSON.stringify(p)
    writeFileSync(file, [good(point(1, 0.1)), 'garbage', '{"step":2}', '[1,2]', 'null', good(point(3, 0.3)), ''].join('\n'))
    expect(store.readMetric(id, 'acc')).toEqual([point(1, 0.1), point(3, 0.3)])
  })

  it('lets a later line for the same step replace the earlier one (resumed run)', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.appendMetric(id, 'loss', [point(1, 0.9), point(2, 0.8), point(3, 0.7)])
    store.appendMetric(id, 'loss', [point(2, 0.85), point(3, 0.75), point(4, 0.6)])
    expect(store.readMetric(id, 'loss').map((p) => [p.step, p.value])).toEqual([
      [1, 0.9],
      [2, 0.85],
      [3, 0.75],
      [4, 0.6],
    ])
  })

  // Its speed is measured by `npm run bench:core`, not asserted here.
  it('reads the latest value from the tail of a 100k-line file', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const points = Array.from({ length: 100_000 }, (_, i) => point(i, i / 100_000))
    store.appendMetric(id, 'loss', points)
    expect(store.latestMetrics(id)).toEqual({ loss: 0.99999 })
    expect(store.readMetric(id, 'loss')).toHaveLength(100_000)
  })

  it('finds the last complete line even when it is longer than the first tail window', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const file = join(store.runDir(id), 'metrics', 'big.jsonl')
    const long = { ...point(5, 0.5), note: 'x'.repeat(10_000) }
    writeFileSync(file, JSON.stringify(point(4, 0.4)) + '\n' + JSON.stringify(long) + '\n' + '{"step":6,'.padEnd(5000, ' '))
    expect(store.latestMetrics(id)).toEqual({ big: 0.5 })
  })
})
