import { describe, expect, it } from 'vitest'
import { pairDistances, pca2, verification } from '../../src/main/experiments/triplet/verification'
import { mulberry32 } from '../../src/shared/random'

describe('verification metrics', () => {
  it('ROC, AUC and the best threshold on a hand-computed case', () => {
    // Sorted: 0.1 same, 0.3 different, 0.4 same, 0.9 different.
    const v = verification([0.1, 0.4], [0.3, 0.9])
    expect(v.roc.map((p) => [p.fpr, p.tpr])).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]])
    expect(v.auc).toBeCloseTo(0.75, 12)
    expect(v.accuracy).toBe(0.75)
    expect(v.threshold).toBe(0.1)
  })

  it('AUC equals the Mann-Whitney statistic (ties count one half) on random distances', () => {
    const rng = mulberry32(12)
    for (let trial = 0; trial < 20; trial++) {
      // Rounded to create ties.
      const pos = Array.from({ length: 5 + Math.floor(rng() * 30) }, () => Math.round(rng() * 20) / 20)
      const neg = Array.from({ length: 5 + Math.floor(rng() * 30) }, () => Math.round((0.3 + rng()) * 20) / 20)
      let wins = 0
      for (const p of pos) for (const n of neg) wins += p < n ? 1 : p === n ? 0.5 : 0
      expect(verification(pos, neg).auc).toBeCloseTo(wins / (pos.length * neg.length), 10)
      // Best accuracy by trying every threshold.
      const thresholds = [-Infinity, ...pos, ...neg]
      const best = Math.max(...thresholds.map((t) => pos.filter((d) => d <= t).length + neg.filter((d) => d > t).length))
      expect(verification(pos, neg).accuracy).toBeCloseTo(best / (pos.length + neg.length), 12)
    }
  })

  it('splits pair distances by identity', () => {
    const { positive, negative } = pairDistances(Float32Array.from([0, 0, 3, 4, 0, 1]), 3, [1, 2, 1])
    expect(positive).toEqual([1])
    expect(negative).toEqual([25, 18])
  })

  it('PCA puts points spread along a line on the first axis', () => {
    const rng = mulberry32(2)
    const n = 50
    const t = Array.from({ length: n }, () => rng() * 10 - 5)
    const data = Float32Array.from({ length: n * 4 }, (_, i) => {
      const [row, k] = [Math.floor(i / 4), i % 4]
      return t[row] * [1, -2, 0.5, 1][k] + (rng() - 0.5) * 0.05 + k
    })
    const xy = pca2(data, n).coordinates
    const first = Array.from({ length: n }, (_, i) => xy[i * 2])
    const corr = (a: number[], b: number[]) => {
      const ma = a.reduce((s, v) => s + v, 0) / a.length
      const mb = b.reduce((s, v) => s + v, 0) / b.length
      let num = 0, da = 0, db = 0
      a.forEach((v, i) => { num += (v - ma) * (b[i] - mb); da += (v - ma) ** 2; db += (b[i] - mb) ** 2 })
      return num / Math.sqrt(da * db)
    }
    expect(Math.abs(corr(first, t))).toBeGreaterThan(0.999)
    // The second axis holds only the noise.
    expect(Math.max(...Array.from({ length: n }, (_, i) => Math.abs(xy[i * 2 + 1])))).toBeLessThan(0.1)
  })
})
