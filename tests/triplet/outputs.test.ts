/** The held-out evaluation's pieces on cases worked out by hand: PCA, histograms, the whole evaluation. */
import { describe, expect, it } from 'vitest'
import { evaluateEmbeddings, histogram, thinCurve } from '../../src/main/experiments/triplet/outputs'
import { pca2 } from '../../src/main/experiments/triplet/verification'
import { mulberry32 } from '../../src/shared/random'

describe('PCA', () => {
  it('matches the hand-computed components, projections and explained variance', () => {
    // Centred rows (3,3), (-3,-3), (1,-1), (-1,1), shifted by (10, -2, 5) (the mean is removed).
    // Scatter X^T X = [[20, 16], [16, 20]] (third column constant): eigenvalues 36 along
    // (1, 1)/sqrt 2 and 4 along (1, -1)/sqrt 2, so the projections are (+-6/sqrt 2, 0) and
    // (0, +-2/sqrt 2), and the axes hold 36/40 and 4/40 of the variance. Signs: each component's
    // first largest entry is positive.
    const rows = [[3, 3], [-3, -3], [1, -1], [-1, 1]].map(([a, b]) => [a + 10, b - 2, 5])
    const { coordinates, explained } = pca2(Float32Array.from(rows.flat()), 4)
    const r = Math.SQRT2
    const expected = [[6 / r, 0], [-6 / r, 0], [0, 2 / r], [0, -2 / r]]
    expected.forEach(([x, y], i) => {
      expect(coordinates[i * 2]).toBeCloseTo(x, 4)
      expect(coordinates[i * 2 + 1]).toBeCloseTo(y, 4)
    })
    expect(explained[0]).toBeCloseTo(0.9, 6)
    expect(explained[1]).toBeCloseTo(0.1, 6)
  })
})

describe('histograms and curves', () => {
  it('counts values per bin, the ends clamped', () => {
    const h = histogram([0, 0.49, 0.5, 1.99, 2, 2.5, -1], 0, 2, 4)
    expect(h.edges).toEqual([0, 0.5, 1, 1.5, 2])
    expect(h.counts).toEqual([3, 1, 0, 3])
  })

  it('thins a curve to at most N points, keeping both ends', () => {
    const roc = Array.from({ length: 1001 }, (_, i) => ({ threshold: i, fpr: i / 1000, tpr: Math.sqrt(i / 1000) }))
    const thin = thinCurve(roc, 201)
    expect(thin).toHaveLength(201)
    expect(thin[0]).toBe(roc[0])
    expect(thin.at(-1)).toBe(roc[1000])
    expect(thinCurve(roc.slice(0, 5), 201)).toHaveLength(5)
  })
})

describe('the held-out evaluation', () => {
  it('scores four unit vectors as worked out by hand', () => {
    // Class 0: (1, 0) and (0.6, 0.8); class 1: (-1, 0) and (-0.6, -0.8).
    // Positive pairs: sqrt(0.8) twice; negative: 2, sqrt(3.2), sqrt(3.2), 2.
    const e = Float32Array.from([1, 0, 0.6, 0.8, -1, 0, -0.6, -0.8])
    const r = evaluateEmbeddings(e, Int32Array.from([0, 0, 1, 1]), ['a', 'b'], mulberry32(1))
    expect(r.auc).toBe(1)
    expect(r.accuracy).toBe(1)
    expect(r.threshold).toBeCloseTo(Math.sqrt(0.8), 6)
    expect(r.meanPositive).toBeCloseTo(Math.sqrt(0.8), 6)
    expect(r.meanNegative).toBeCloseTo((2 * 2 + 2 * Math.sqrt(3.2)) / 4, 6)
    // 40 bins of 0.05 over [0, 2]: sqrt 0.8 = 0.894 in bin 17, sqrt 3.2 = 1.789 in bin 35, 2 in the last.
    const [pos, neg] = r.histogram.series
    expect(pos.counts[17]).toBe(2)
    expect(pos.counts.reduce((a, b) => a + b)).toBe(2)
    expect(neg.counts[35]).toBe(2)
    expect(neg.counts[39]).toBe(2)
    expect(r.histogram.marker?.value).toBeCloseTo(Math.sqrt(0.8), 6)
    expect(r.roc.fpr[0]).toBe(0)
    expect(r.roc.tpr.at(-1)).toBe(1)
    // The projection keeps every image with its class; the two classes lie on opposite sides of the first axis.
    expect(r.projection.points.map((p) => p[2])).toEqual([0, 0, 1, 1])
    expect(Math.sign(r.projection.points[0][0])).toBe(-Math.sign(r.projection.points[2][0]))
    expect(r.projection.explained[0] + r.projection.explained[1]).toBeCloseTo(1, 5)
  })
})
