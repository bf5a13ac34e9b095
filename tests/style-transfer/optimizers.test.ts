import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { PixelAdam } from '../../src/main/experiments/style-transfer/adam'
import { Lbfgs } from '../../src/main/experiments/style-transfer/lbfgs'
import type { Objective } from '../../src/main/experiments/style-transfer/objective'

/** Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1); gradient by hand. */
const rosenbrock: Objective = (v) => {
  const [x, y] = v.dataSync()
  const value = (1 - x) ** 2 + 100 * (y - x * x) ** 2
  const grad = tf.tensor1d([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
  return { value, grad, parts: { content: value, style: 0, tv: 0 } }
}

/** f(x) = 0.5 x'Ax - b'x with A symmetric positive definite: minimum at A^-1 b. */
function quadratic(a: number[][], b: number[]): Objective {
  const A = tf.tensor2d(a)
  const B = tf.tensor1d(b)
  return (x) =>
    tf.tidy(() => {
      const ax = tf.squeeze(tf.matMul(A, tf.reshape(x, [-1, 1])))
      const value = tf.sub(tf.mul(0.5, tf.dot(x, ax)), tf.dot(B, x)).dataSync()[0]
      return { value, grad: tf.keep(tf.sub(ax, B) as tf.Tensor1D), parts: { content: value, style: 0, tv: 0 } }
    })
}

describe('L-BFGS', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('reaches the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const x = tf.variable(tf.tensor1d([-1.2, 1]))
    const opt = new Lbfgs(x, rosenbrock, { history: 5 })
    let last = Infinity
    for (let i = 0; i < 200 && last > 1e-12; i++) last = opt.step().value
    const [px, py] = x.dataSync()
    expect(px).toBeCloseTo(1, 3)
    expect(py).toBeCloseTo(1, 3)
    opt.dispose()
    x.dispose()
  })

  it('finds a quadratic minimum A^-1 b in few steps, with tensors not leaking', () => {
    // A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]], b = [1, 2, 3], solved by hand:
    // 4x + y = 1, x + 3y + z = 2, y + 2z = 3 -> x = (1 - y) / 4, z = (3 - y) / 2,
    // (1 - y) / 4 + 3y + (3 - y) / 2 = 2 -> y = 1/9, x = 2/9, z = 13/9.
    const f = quadratic([[4, 1, 0], [1, 3, 1], [0, 1, 2]], [1, 2, 3])
    const x = tf.variable(tf.zeros([3]) as tf.Tensor1D)
    const opt = new Lbfgs(x, f, { history: 4 })
    opt.step()
    const before = tf.memory().numTensors
    for (let i = 0; i < 20; i++) opt.step()
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2 * 4)
    const got = Array.from(x.dataSync())
    ;[2 / 9, 1 / 9, 13 / 9].forEach((want, i) => expect(got[i]).toBeCloseTo(want, 4))
    opt.dispose()
    x.dispose()
  })

  it('stays inside the box and stops at the bound when the minimum lies outside', () => {
    // Separable: minimum at (2, -1, 0.5); in [0, 1]^3 the projected minimum is (1, 0, 0.5).
    const f = quadratic([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [2, -1, 0.5])
    const x = tf.variable(tf.tensor1d([0.5, 0.5, 0.5]))
    const opt = new Lbfgs(x, f, { bounds: { lower: 0, upper: 1 } })
    for (let i = 0; i < 30; i++) {
      opt.step()
      for (const v of x.dataSync()) expect(v >= 0 && v <= 1).toBe(true)
    }
    const got = Array.from(x.dataSync())
    ;[1, 0, 0.5].forEach((want, i) => expect(got[i]).toBeCloseTo(want, 4))
    opt.dispose()
  })
})

describe('Adam on pixels', () => {
  it('descends the quadratic to its minimum, clamped to the box', () => {
    const f = quadratic([[2, 0], [0, 1]], [1, 3])
    // Unconstrained minimum (0.5, 3); in [0, 1]^2: (0.5, 1).
    const x = tf.variable(tf.tensor1d([0, 0]))
    const opt = new PixelAdam(x, f, { lr: 0.05, bounds: { lower: 0, upper: 1 } })
    const first = opt.step().value
    let last = first
    for (let i = 0; i < 400; i++) last = opt.step().value
    expect(last).toBeLessThan(first)
    const [a, b] = x.dataSync()
    expect(a).toBeCloseTo(0.5, 2)
    expect(b).toBe(1)
    opt.dispose()
  })
})
