/**
 * The first-layer Conv2D (src/main/engine/inputConv2d.ts) against tfjs-layers' own Conv2D with the
 * same weights: the same output and the same kernel and bias gradients in training, no input
 * gradient computed, and saved as a plain Conv2D. Runs on cpu (the reference) and native.
 */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { expect, it } from 'vitest'
import { inputConv2d } from '../../src/main/engine/inputConv2d'
import { describeNative, expectClose, randomArray, use } from './helpers'

const args = { filters: 6, kernelSize: 5, strides: 2, padding: 'same', useBias: true } as const

/** One model around the layer: input [2, 13, 11, 3] -> conv -> sum of squares as the loss. */
function model(layer: tfl.layers.Layer): tfl.LayersModel {
  const input = tfl.input({ shape: [13, 11, 3] })
  return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor })
}

function trainStep(m: tfl.LayersModel, x: tf.Tensor): { y: Float32Array; grads: Float32Array[] } {
  const weights = m.trainableWeights.map((w) => w.read() as tf.Variable)
  let y: Float32Array = new Float32Array()
  const { grads } = tf.variableGrads(() => {
    const out = m.apply(x, { training: true }) as tf.Tensor
    y = out.dataSync() as Float32Array
    return tf.sum(tf.square(out)) as tf.Scalar
  }, weights)
  return { y, grads: weights.map((w) => grads[w.name].dataSync() as Float32Array) }
}

describeNative('the first-layer Conv2D (no input gradient)', () => {
  for (const backend of ['cpu', 'native'] as const) {
    it(`trains as tfjs-layers' Conv2D does, on ${backend}: output, kernel and bias gradients`, async () => {
      await use(backend)
      const x = tf.tensor4d(randomArray(2 * 13 * 11 * 3, 31), [2, 13, 11, 3])
      const ours = model(inputConv2d({ ...args, name: `ours_${backend}` }))
      const theirs = model(tfl.layers.conv2d({ ...args, name: `theirs_${backend}` }))
      // Same weights, and a non-zero bias so that its addition is checked.
      theirs.setWeights([tf.tensor4d(randomArray(5 * 5 * 3 * 6, 32), [5, 5, 3, 6]), tf.tensor1d(randomArray(6, 33))])
      ours.setWeights(theirs.getWeights())
      const a = trainStep(ours, x)
      const b = trainStep(theirs, x)
      expectClose(a.y, b.y, 'output')
      expectClose(a.grads[0], b.grads[0], 'kernel gradient')
      expectClose(a.grads[1], b.grads[1], 'bias gradient')
      // Inference is tfjs-layers' own call.
      expectClose((ours.predict(x) as tf.Tensor).dataSync() as Float32Array, (theirs.predict(x) as tf.Tensor).dataSync() as Float32Array, 'inference')
      tf.dispose(x)
    })
  }

  it('computes no input gradient in a training step, where tfjs-layers\' Conv2D does', async () => {
    await use('native')
    const x = tf.tensor4d(randomArray(2 * 13 * 11 * 3, 41), [2, 13, 11, 3])
    const kernelsOf = async (layer: tfl.layers.Layer) => {
      const m = model(layer)
      const info = await tf.profile(() => tf.tidy(() => trainStep(m, x).grads.length))
      return info.kernels.map((k) => k.name)
    }
    expect(await kernelsOf(tfl.layers.conv2d({ ...args, name: 'plain_profiled' }))).toContain('Conv2DBackpropInput')
    const ours = await kernelsOf(inputConv2d({ ...args, name: 'ours_profiled' }))
    expect(ours).toContain('Conv2DBackpropFilter')
    expect(ours).not.toContain('Conv2DBackpropInput')
    x.dispose()
  })

  it('is saved as a plain Conv2D', () => {
    const layer = inputConv2d({ ...args, name: 'saved_as' })
    expect(layer.getClassName()).toBe('Conv2D')
    const json = model(layer).toJSON(null, false) as { config: { layers: { class_name: string }[] } }
    expect(json.config.layers.map((l) => l.class_name)).toContain('Conv2D')
  })
})
