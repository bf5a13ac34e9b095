import { describe, expect, it } from 'vitest'
import { collectOverrides, parseField, parseSeed, presetValues } from '../../src/renderer/src/components/configForm'
import { formatDuration, formatMetric, matchesFilter, progressFraction, timeLeftMs } from '../../src/renderer/src/components/format'
import { appendNewer, orderMetricNames, sampleNames } from '../../src/renderer/src/components/samples'
import { shapesExperiment } from './fakeApi'

describe('config form', () => {
  it('bases values on field defaults and the preset', () => {
    expect(presetValues(shapesExperiment, 'quick')).toMatchObject({ size: 16, epochs: 4, lr: 0.005, augment: false, optimizer: 'adam' })
    expect(presetValues(shapesExperiment, 'default')).toMatchObject({ size: 32, epochs: 10, lr: 0.001 })
  })

  it('parses and validates by type', () => {
    const size = shapesExperiment.fields[0]
    expect(parseField(size, '24')).toEqual({ ok: true, value: 24 })
    expect(parseField(size, '')).toEqual({ ok: false, error: 'Enter a value.' })
    expect(parseField(size, '2.5')).toEqual({ ok: false, error: 'Must be a whole number.' })
    expect(parseField(size, '7')).toEqual({ ok: false, error: 'Must be between 8 and 256.' })
    expect(parseField(shapesExperiment.fields[2], '1e-3')).toEqual({ ok: true, value: 0.001 })
    expect(parseField(shapesExperiment.fields[4], 'rmsprop')).toMatchObject({ ok: false })
  })

  it('collects only values that differ from the preset', () => {
    const form = { size: '16', epochs: '5', lr: '0.005', augment: true, optimizer: 'adam' }
    expect(collectOverrides(shapesExperiment, 'quick', form)).toEqual({ set: { epochs: 5, augment: true }, errors: {} })
    expect(collectOverrides(shapesExperiment, 'quick', { ...form, size: 'x' }).errors).toEqual({ size: 'Enter a number.' })
  })

  it('takes a blank seed as random', () => {
    expect(parseSeed('  ')).toEqual({ ok: true, seed: undefined })
    expect(parseSeed('42')).toEqual({ ok: true, seed: 42 })
    expect(parseSeed('4.2').ok).toBe(false)
    expect(parseSeed(String(2 ** 32)).ok).toBe(false)
  })
})

describe('formatting and progress', () => {
  it('formats durations and metrics', () => {
    expect(formatDuration(4_400)).toBe('4 s')
    expect(formatDuration(192_000)).toBe('3 min 12 s')
    expect(formatDuration(3_900_000)).toBe('1 h 05 min')
    expect(formatDuration(null)).toBe('—')
    expect(formatMetric(0.123456)).toBe('0.1235')
    expect(formatMetric(undefined)).toBe('—')
  })

  it('counts the core ETA down, else estimates from the steps done', () => {
    const run = { status: 'running' as const, step: 25, totalSteps: 100, startedAt: new Date(0).toISOString() }
    expect(timeLeftMs(run, { etaMs: 60_000, at: 1_000 }, 11_000)).toBe(50_000)
    // 25 steps in 10 s: 75 more take 30 s.
    expect(timeLeftMs(run, undefined, 10_000)).toBe(30_000)
    expect(timeLeftMs({ ...run, status: 'completed' }, undefined, 10_000)).toBeNull()
    expect(progressFraction(run)).toBe(0.25)
    expect(progressFraction({ ...run, totalSteps: null })).toBeNull()
  })

  it('filters on every word', () => {
    expect(matchesFilter('shapes run', ['first run', 'shapes-cnn'])).toBe(true)
    expect(matchesFilter('shapes failed', ['first run', 'shapes-cnn', 'completed'])).toBe(false)
  })
})

describe('metric helpers', () => {
  it('orders charts: per step, then epoch, then validation', () => {
    expect(orderMetricNames(['val_accuracy', 'epoch_loss', 'accuracy', 'val_loss', 'loss', 'lr'])).toEqual([
      'loss',
      'accuracy',
      'lr',
      'epoch_loss',
      'val_loss',
      'val_accuracy',
    ])
  })

  it('appends only points newer than the last one', () => {
    const target = [{ step: 1, epoch: 1, time: 10, value: 1 }, { step: 2, epoch: 1, time: 20, value: 1 }]
    expect(appendNewer(target, [{ step: 2, epoch: 1, time: 20, value: 1 }, { step: 3, epoch: 1, time: 30, value: 1 }])).toBe(1)
    expect(target.map((p) => p.step)).toEqual([1, 2, 3])
  })

  it('finds sample names among artifacts', () => {
    expect(sampleNames(['samples/confusion.jsonl', 'model.json', 'samples/predictions.jsonl'])).toEqual(['confusion', 'predictions'])
  })
})
