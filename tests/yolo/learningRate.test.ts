/** yolo's learning-rate schedule on hand-computed steps: linear warm-up, then cosine to 2% or constant. */
import { describe, expect, it } from 'vitest'
import { learningRateAt } from '../../src/main/experiments/yolo/learningRate'

describe('yolo learning-rate schedule', () => {
  const cosine = { lr: 0.01, schedule: 'cosine' as const, warmupSteps: 2, totalSteps: 11 }

  it('warms up linearly from lr / W to lr', () => {
    expect(learningRateAt(0, cosine)).toBeCloseTo(0.005, 12)
    expect(learningRateAt(1, cosine)).toBeCloseTo(0.01, 12)
  })

  it('decays by a half cosine from lr at the first step after the warm-up to 2% of lr at the last step', () => {
    expect(learningRateAt(2, cosine)).toBeCloseTo(0.01, 12)
    // Steps 2..10 after a 2-step warm-up: step 6 is half way, cos(pi / 2) = 0 -> 0.02 + 0.98 / 2 = 0.51.
    expect(learningRateAt(6, cosine)).toBeCloseTo(0.0051, 12)
    // A quarter of the way: 0.02 + 0.98 x (1 + cos(pi / 4)) / 2 = 0.856482...
    expect(learningRateAt(4, cosine)).toBeCloseTo(0.01 * (0.02 + 0.98 * (1 + Math.SQRT1_2) / 2), 12)
    expect(learningRateAt(10, cosine)).toBeCloseTo(0.0002, 12)
    // A resumed or extended run past the end stays at the floor.
    expect(learningRateAt(20, cosine)).toBeCloseTo(0.0002, 12)
  })

  it('stays at lr after the warm-up when constant, and has no warm-up when warmupSteps is 0', () => {
    const constant = { ...cosine, schedule: 'constant' as const }
    expect(learningRateAt(0, constant)).toBeCloseTo(0.005, 12)
    expect(learningRateAt(2, constant)).toBe(0.01)
    expect(learningRateAt(10, constant)).toBe(0.01)
    expect(learningRateAt(0, { ...cosine, warmupSteps: 0 })).toBe(0.01)
  })
})
