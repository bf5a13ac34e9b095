import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKBONE_LAYERS } from '../../src/main/experiments/style-transfer/backbone'
import { loadFeatureModel, type LoadedFeatureModel } from '../../src/main/experiments/style-transfer/modelFolder'
import { StyleSession } from '../../src/main/experiments/style-transfer/session'

const L = BACKBONE_LAYERS
const LAYERS = { content: L.conv_4, style: [L.conv_1, L.conv_2, L.conv_3, L.conv_4, L.conv_5] }

describe('the CenterNet backbone as a feature network', () => {
  let model: LoadedFeatureModel
  beforeAll(async () => {
    await tf.setBackend('cpu')
    model = await loadFeatureModel('')
  }, 120_000)
  afterAll(() => model?.dispose())

  it('gives the five named activations at strides 2, 2, 4, 8 and 16 for any input size (its 512 x 512 placeholder freed)', () => {
    const shapes = tf.tidy(() => model.net.activations(tf.zeros([1, 64, 96, 3]), LAYERS.style).map((t) => t.shape))
    expect(shapes).toEqual([
      [1, 32, 48, 16],
      [1, 32, 48, 64],
      [1, 16, 24, 72],
      [1, 8, 12, 192],
      [1, 4, 6, 528],
    ])
    expect(model.format).toBe('graph')
    expect(model.scale).toBe('0-255')
  })

  it('passes gradients to the input pixels through GraphModel.execute (directional finite differences per layer)', () => {
    // f(x) = sum(activation(x) * w) for a fixed random w; f'(x; d) from tf.grad against central
    // differences along a random direction d. The forward pass is float32 and hard-swish/ReLU6 have
    // kinks on a 0..255 input scale, so the difference is taken at several step sizes (median) and
    // summed in float64; 10% tolerance (a wrong or missing gradient is off by far more, or zero).
    const x = tf.randomUniform([1, 48, 64, 3], 0.2, 0.8, 'float32', 3) as tf.Tensor4D
    const direction = tf.randomNormal(x.shape, 0, 1, 'float32', 14) as tf.Tensor4D
    for (const [label, name] of Object.entries(BACKBONE_LAYERS)) {
      const shape = tf.tidy(() => model.net.activations(x, [name])[0].shape)
      const w = tf.randomNormal(shape, 0, 1, 'float32', 5)
      const wd = w.dataSync()
      const g = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(model.net.activations(inp as tf.Tensor4D, [name])[0], w)) as tf.Scalar)(x)
      const slope = tf.sum(tf.mul(g, direction)).dataSync()[0]
      const f64 = (t: number): number => {
        const a = tf.tidy(() => model.net.activations(tf.add(x, tf.mul(direction, t)) as tf.Tensor4D, [name])[0].dataSync())
        let sum = 0
        for (let i = 0; i < a.length; i++) sum += a[i] * wd[i]
        return sum
      }
      const fds = [3e-4, 1e-4, 3e-5].map((eps) => (f64(eps) - f64(-eps)) / (2 * eps)).sort((a, b) => a - b)
      expect(Math.abs(slope), label).toBeGreaterThan(1)
      expect(Math.abs(fds[1] - slope), `${label}: grad ${slope}, differences ${fds}`).toBeLessThan(0.1 * Math.abs(slope))
      tf.dispose([w, g])
    }
  }, 300_000)

  it('learns: a few L-BFGS steps cut the loss several times over', () => {
    const shape: [1, number, number, 3] = [1, 32, 48, 3]
    const content = tf.randomUniform(shape, 0, 1, 'float32', 5) as tf.Tensor4D
    const style = tf.randomUniform(shape, 0, 1, 'float32', 6) as tf.Tensor4D
    const session = new StyleSession(model.net, content, style, {
      layers: LAYERS,
      weights: { content: 1, style: 1e4, tv: 0 },
      optimizer: 'lbfgs',
      lr: 1,
      history: 5,
      init: 'content',
      seed: 1,
    })
    const first = session.step()
    let last = first
    for (let i = 0; i < 4; i++) last = session.step()
    expect(last.value).toBeLessThan(first.value / 3)
    expect(last.parts!.style).toBeLessThan(first.parts!.style / 3)
    session.dispose()
  }, 300_000)
})
