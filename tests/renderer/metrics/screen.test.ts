/**
 * What the screen shows, by the experiments' declarations (issue 11): which curves are smoothed,
 * which numbers sum a run up, markers on short series, "starting" instead of a start-up-heavy
 * time left. The experiments are the real registered ones.
 */
import { describe, expect, it } from 'vitest'
import { computed, ref } from 'vue'
import { frameOption } from '../../../src/renderer/src/charts/chartOption'
import { SeriesCache } from '../../../src/renderer/src/charts/seriesCache'
import { isStarting, timeLeftMs } from '../../../src/renderer/src/components/format'
import { formatWithUnit, headlineColumns, headlineValues, isSmoothed, isSmoothedForAll } from '../../../src/renderer/src/components/metrics/metricSpecs'
import { useRunCharts } from '../../../src/renderer/src/components/run/runCharts'
import { findExperimentInfo } from '../../../src/main/experiments/registry'
import type { MetricPoint } from '../../../src/shared/api'
import { makeDetail } from '../fakeApi'

const charRnn = findExperimentInfo('char-rnn')
const shapes = findExperimentInfo('shapes-cnn')
const resnet = findExperimentInfo('resnet')

const pts = (n: number, every = 1): MetricPoint[] => Array.from({ length: n }, (_, i) => ({ step: (i + 1) * every, epoch: i + 1, time: i, value: 4 - i * 0.3 }))

describe('smoothing by declared cadence', () => {
  it('smooths per-step series only: char-rnn perplexity (per epoch, no epoch_/val_ prefix) is drawn raw', () => {
    expect(isSmoothed(charRnn, 'loss')).toBe(true)
    expect(isSmoothed(charRnn, 'perplexity')).toBe(false)
    expect(isSmoothed(charRnn, 'val_perplexity')).toBe(false)
    expect(isSmoothed(shapes, 'val_accuracy')).toBe(false)
    expect(isSmoothed(undefined, 'loss')).toBe(false)
  })

  it('the run page hands the smoothing slider only to per-step charts', () => {
    const run = ref(makeDetail({ experiment: 'char-rnn', metricNames: ['loss', 'perplexity'] }))
    const names = ref(['loss', 'perplexity'])
    const charts = useRunCharts(computed(() => 'r1'), run, names, () => pts(4), () => charRnn)
    expect(Object.fromEntries(charts.value.map((c) => [c.name, c.perStep]))).toEqual({ loss: true, perplexity: false })
  })

  it('Compare smooths a metric only when it is per-step in every compared run', () => {
    expect(isSmoothedForAll([shapes, resnet], 'loss')).toBe(true)
    expect(isSmoothedForAll([shapes, resnet], 'val_accuracy')).toBe(false)
    expect(isSmoothedForAll([shapes, charRnn], 'epoch_loss')).toBe(false)
    expect(isSmoothedForAll([], 'loss')).toBe(false)
  })
})

describe('headline metrics', () => {
  it('sum a classifier run up by validation, not by the last batch', () => {
    const values = headlineValues(shapes, { accuracy: 0.75, loss: 0.7, val_accuracy: 0.58, val_loss: 0.9 })
    expect(values[0]).toMatchObject({ name: 'val_accuracy', value: 0.58 })
    expect(values.map((v) => v.name)).not.toContain('accuracy')
  })

  it('sum a language model up by perplexity, with its unit', () => {
    const values = headlineValues(charRnn, { loss: 25.1, perplexity: 3.47, val_perplexity: 3.6 })
    expect(values.map((v) => v.name)).toEqual(['val_perplexity', 'perplexity'])
    expect(formatWithUnit(values[1].value, values[1].unit)).toBe('3.47 per letter')
  })

  it('give the runs table one column per headline metric, so a summed loss never sorts beside a mean loss', () => {
    const columns = headlineColumns([shapes, charRnn, resnet])
    expect(columns.map((c) => c.name)).toEqual(['val_accuracy', 'val_loss', 'val_perplexity', 'perplexity'])
    expect(columns.map((c) => c.name)).not.toContain('loss')
  })
})

describe('short series', () => {
  it('draws a marker on every point of a short series (one point shows), none on long ones', () => {
    const cache = new SeriesCache()
    cache.sync([{ key: 'v', label: 'val', points: pts(1) }, { key: 'l', label: 'loss', points: pts(500) }], 'step', 0)
    const series = frameOption({ title: 't', xKind: 'step', list: cache.list, smoothingOn: false, legend: 'plain' }).series as Array<{ id: string; showSymbol: boolean }>
    expect(series.find((s) => s.id.startsWith('v'))!.showSymbol).toBe(true)
    expect(series.find((s) => s.id.startsWith('l'))!.showSymbol).toBe(false)
  })
})

describe('time left at the start', () => {
  const run = { status: 'running' as const, step: 1, totalSteps: 100, startedAt: new Date(0).toISOString() }

  it('says "starting" until the core has timed a step, not a time left made of start-up', () => {
    expect(isStarting(run, { etaMs: null, at: 0 })).toBe(true)
    expect(timeLeftMs(run, { etaMs: null, at: 0 }, 120_000)).toBeNull()
    expect(isStarting(run, { etaMs: 5_000, at: 0 })).toBe(false)
    expect(isStarting({ ...run, step: 0 }, undefined)).toBe(true)
    expect(isStarting({ ...run, status: 'completed' }, undefined)).toBe(false)
  })

  it('does not estimate from the start time while start-up dominates (1 step after 2 minutes of start-up)', () => {
    // The old estimate: 120 s per step, 99 steps left = 3.3 hours.
    expect(timeLeftMs(run, undefined, 120_000)).toBeNull()
    expect(timeLeftMs({ ...run, step: 50 }, undefined, 120_000)).toBe(120_000)
  })
})
