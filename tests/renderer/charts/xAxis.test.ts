import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../../src/shared/api'
import { formatDuration, xValues } from '../../../src/renderer/src/charts/xAxis'

/** Points as Benchtop's training loop writes them: steps from 1, `spe` steps per epoch. */
function perStep(epochs: number, spe: number, upTo = epochs * spe): MetricPoint[] {
  const out: MetricPoint[] = []
  for (let step = 1; step <= upTo; step++) {
    out.push({ step, epoch: Math.ceil(step / spe), time: 1_000_000 + step * 250, value: 1 / step })
  }
  return out
}

function perEpoch(epochs: number, spe: number): MetricPoint[] {
  return Array.from({ length: epochs }, (_, i) => ({ step: (i + 1) * spe, epoch: i + 1, time: 1_000_000 + (i + 1) * spe * 250, value: i }))
}

describe('xValues', () => {
  it('step, samples and time', () => {
    const pts = perStep(2, 5)
    expect(xValues(pts, 'step')).toEqual(pts.map((p) => p.step))
    expect(xValues(pts, 'samples', { samplesPerStep: 32 })).toEqual(pts.map((p) => p.step * 32))
    expect(xValues(pts, 'samples')).toEqual(pts.map((p) => p.step))
    expect(xValues(pts, 'time', { startTime: 1_000_000 })).toEqual(pts.map((p) => p.step * 0.25))
    // Without the run's start: from the first point.
    expect(xValues(pts, 'time')[0]).toBe(0)
  })

  it('epoch is fractional: epoch - 1 + position within the epoch', () => {
    const xs = xValues(perStep(3, 4), 'epoch')
    expect(xs).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3])
  })

  it('puts a per-epoch metric at exactly its epoch, lined up with per-step curves', () => {
    expect(xValues(perEpoch(4, 10), 'epoch')).toEqual([1, 2, 3, 4])
    expect(xValues(perEpoch(4, 10), 'epoch', { stepsPerEpoch: 10 })).toEqual([1, 2, 3, 4])
    expect(xValues(perEpoch(1, 10), 'epoch', { stepsPerEpoch: 10 })).toEqual([1])
  })

  it('places an epoch still running by stepsPerEpoch, else by the previous epoch', () => {
    // Epoch 3 of 4-step epochs is half done.
    const pts = perStep(3, 4, 10)
    expect(xValues(pts, 'epoch').slice(8)).toEqual([2.25, 2.5])
    expect(xValues(pts, 'epoch', { stepsPerEpoch: 4 }).slice(8)).toEqual([2.25, 2.5])
    // Only the first epoch, half done: needs stepsPerEpoch.
    const first = perStep(1, 8, 4)
    expect(xValues(first, 'epoch', { stepsPerEpoch: 8 })).toEqual([0.125, 0.25, 0.375, 0.5])
    // Without it, the epoch spans what is there so far.
    expect(xValues(first, 'epoch')[3]).toBe(1)
  })

  it('is monotone for a resumed run (steps continue, epochs repeat nothing)', () => {
    const pts = perStep(5, 7)
    const xs = xValues(pts, 'epoch', { stepsPerEpoch: 7 })
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1])
    expect(xs[xs.length - 1]).toBe(5)
  })
})

describe('formatDuration', () => {
  it('reads like a duration', () => {
    expect(formatDuration(3.25)).toBe('3.3s')
    expect(formatDuration(42)).toBe('42s')
    expect(formatDuration(185)).toBe('3m 05s')
    expect(formatDuration(3600 + 120)).toBe('1h 02m')
  })
})
