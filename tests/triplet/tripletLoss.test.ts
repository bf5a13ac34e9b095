import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { semiHardTripletLoss } from '../../src/main/experiments/triplet/tripletLoss'
import { mulberry32 } from '../../src/shared/random'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Loops over every (anchor, positive, negative), as the definition reads. */
function reference(e: number[][], labels: number[], margin: number): { loss: number; active: number } {
  const d = (i: number, j: number) => e[i].reduce((s, v, k) => s + (v - e[j][k]) ** 2, 0)
  let sum = 0
  let pairs = 0
  let active = 0
  for (let a = 0; a < e.length; a++)
    for (let p = 0; p < e.length; p++) {
      if (p === a || labels[p] !== labels[a]) continue
      const negs = e.map((_, n) => n).filter((n) => labels[n] !== labels[a])
      if (!negs.length) continue
      const farther = negs.filter((n) => d(a, n) > d(a, p))
      const dn = farther.length ? Math.min(...farther.map((n) => d(a, n))) : Math.max(...negs.map((n) => d(a, n)))
      const l = Math.max(d(a, p) - dn + margin, 0)
      sum += l
      pairs++
      if (l > 0) active++
    }
  return { loss: sum / pairs, active: active / pairs }
}

describe('semi-hard triplet loss', () => {
  it('matches the hand-computed case', () => {
    // 1-D embeddings 0, 0.1 (identity 0) and 0.3, 1.0 (identity 1); margin 0.2. Pairs:
    // (0,1): d_ap 0.01, closest farther negative 0.09 -> 0.12;  (1,0): 0.01 vs 0.04 -> 0.17;
    // (2,3): 0.49, no negative farther -> farthest 0.09 -> 0.60;  (3,2): 0.49 vs 0.81 -> 0.
    const r = semiHardTripletLoss(tf.tensor2d([[0], [0.1], [0.3], [1.0]]), tf.tensor1d([0, 0, 1, 1], 'int32'), 0.2)
    expect(r.loss.dataSync()[0]).toBeCloseTo((0.12 + 0.17 + 0.6 + 0) / 4, 5)
    expect(r.active.dataSync()[0]).toBeCloseTo(0.75, 6)
  })

  it('agrees with the brute-force definition on random batches', () => {
    const rng = mulberry32(4)
    for (let trial = 0; trial < 12; trial++) {
      const n = 6 + Math.floor(rng() * 10)
      const e = Array.from({ length: n }, () => Array.from({ length: 3 }, () => rng() - 0.5))
      const labels = Array.from({ length: n }, () => Math.floor(rng() * 3))
      const ref = reference(e, labels, 0.2)
      if (!Number.isFinite(ref.loss)) continue
      const r = semiHardTripletLoss(tf.tensor2d(e), tf.tensor1d(labels, 'int32'), 0.2)
      expect(r.loss.dataSync()[0]).toBeCloseTo(ref.loss, 4)
      expect(r.active.dataSync()[0]).toBeCloseTo(ref.active, 5)
    }
  })

  it('has gradients that match finite differences', () => {
    const e = [[0.1, 0.2], [0.15, 0.1], [0.5, -0.2], [0.45, 0.3], [-0.3, 0.1]]
    const labels = tf.tensor1d([0, 0, 1, 1, 2], 'int32')
    const f = (x: tf.Tensor) => semiHardTripletLoss(x as tf.Tensor2D, labels, 0.2).loss
    const g = tf.grad(f)(tf.tensor2d(e)).arraySync() as number[][]
    const h = 1e-3
    for (let i = 0; i < e.length; i++)
      for (let k = 0; k < 2; k++) {
        const plus = e.map((r) => r.slice())
        const minus = e.map((r) => r.slice())
        plus[i][k] += h
        minus[i][k] -= h
        const numeric = (f(tf.tensor2d(plus)).dataSync()[0] - f(tf.tensor2d(minus)).dataSync()[0]) / (2 * h)
        expect(g[i][k]).toBeCloseTo(numeric, 2)
      }
  })
})
