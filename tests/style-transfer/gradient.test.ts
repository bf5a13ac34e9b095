import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { computeTargets, makeObjective, type FeatureNetwork } from '../../src/main/experiments/style-transfer/objective'
import { StyleSession } from '../../src/main/experiments/style-transfer/session'

/** A tiny smooth CNN: conv 3->4 + tanh ('a'), conv 4->5 stride 2 + tanh ('b'); fixed seeded weights. */
function tinyNetwork(): FeatureNetwork {
  const w1 = tf.randomNormal([3, 3, 3, 4], 0, 0.5, 'float32', 11) as tf.Tensor4D
  const w2 = tf.randomNormal([3, 3, 4, 5], 0, 0.5, 'float32', 12) as tf.Tensor4D
  return {
    activations(image, layers) {
      const a = tf.tanh(tf.conv2d(image, w1, 1, 'same')) as tf.Tensor4D
      const b = tf.tanh(tf.conv2d(a, w2, 2, 'same')) as tf.Tensor4D
      return layers.map((name) => (name === 'a' ? a : b))
    },
  }
}

const SHAPE: [1, number, number, 3] = [1, 5, 6, 3]
const LAYERS = { content: 'b', style: ['a', 'b'] }

describe('the pixel gradient of the style-transfer objective', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('matches central finite differences on a tiny network, pixel by pixel', () => {
    const net = tinyNetwork()
    const content = tf.randomUniform(SHAPE, 0, 1, 'float32', 1) as tf.Tensor4D
    const style = tf.randomUniform([1, 7, 4, 3], 0, 1, 'float32', 2) as tf.Tensor4D
    const targets = computeTargets(net, LAYERS, content, style)
    const objective = makeObjective(net, LAYERS, targets, { content: 1, style: 50, tv: 0.3 }, SHAPE)
    const x0 = Array.from((tf.randomUniform([5 * 6 * 3], 0, 1, 'float32', 3) as tf.Tensor1D).dataSync())
    const at = (values: number[]) => {
      const e = objective(tf.tensor1d(values))
      e.grad.dispose()
      return e.value
    }
    const { grad } = objective(tf.tensor1d(x0))
    const g = grad.dataSync()
    const eps = 1e-2
    let checked = 0
    for (let i = 0; i < x0.length; i += 7) {
      const plus = [...x0]
      const minus = [...x0]
      plus[i] += eps
      minus[i] -= eps
      const fd = (at(plus) - at(minus)) / (2 * eps)
      expect(Math.abs(fd - g[i])).toBeLessThan(2e-3 + 0.02 * Math.abs(fd))
      checked++
    }
    expect(checked).toBeGreaterThan(10)
    // The gradient is not trivially zero (which would pass any tolerance on tiny values).
    expect(Math.max(...Array.from(g).map(Math.abs))).toBeGreaterThan(1e-2)
  })

  it('reports the parts as unweighted losses that add up to the total', () => {
    const net = tinyNetwork()
    const content = tf.randomUniform(SHAPE, 0, 1, 'float32', 4) as tf.Tensor4D
    const style = tf.randomUniform(SHAPE, 0, 1, 'float32', 5) as tf.Tensor4D
    const targets = computeTargets(net, LAYERS, content, style)
    const e = makeObjective(net, LAYERS, targets, { content: 2, style: 30, tv: 0.5 }, SHAPE)(tf.reshape(content, [-1]) as tf.Tensor1D)
    expect(e.parts.content).toBeCloseTo(0, 6)
    expect(e.value).toBeCloseTo(2 * e.parts.content + 30 * e.parts.style + 0.5 * e.parts.tv, 4)
  })

  it('L-BFGS and Adam both lower the loss, keep pixels in [0, 1] and keep the tensor count flat', () => {
    for (const optimizer of ['lbfgs', 'adam'] as const) {
      const net = tinyNetwork()
      const content = tf.randomUniform(SHAPE, 0, 1, 'float32', 6) as tf.Tensor4D
      const style = tf.randomUniform(SHAPE, 0, 1, 'float32', 7) as tf.Tensor4D
      const session = new StyleSession(net, content, style, {
        layers: LAYERS,
        weights: { content: 1, style: 100, tv: 0 },
        optimizer,
        lr: optimizer === 'lbfgs' ? 1 : 0.05,
        history: 3,
        init: 'noise',
        seed: 8,
      })
      const first = session.step().value
      for (let i = 0; i < 5; i++) session.step()
      const settled = tf.memory().numTensors
      let last = first
      for (let i = 0; i < 20; i++) last = session.step().value
      expect(tf.memory().numTensors).toBe(settled)
      expect(last).toBeLessThan(first * 0.5)
      const pixels = session.image().data
      expect(pixels.length).toBe(5 * 6 * 3)
      const values = session.pixels.dataSync()
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...values)).toBeLessThanOrEqual(1)
      session.dispose()
    }
  })
})
