/**
 * Batch normalisation in training as one native kernel (BenchtopBatchNormTraining and its
 * gradient) against tfjs's composed ops on the cpu backend: tf.moments + tf.batchNorm for y, the
 * batch mean and variance, and the gradients of a loss that reads all three; and the layer
 * (engine/batchNormalization.ts) against tfjs-layers' own BatchNormalization on cpu: output, moving
 * averages after a step, weight gradients, and loading a saved model as the fused class.
 */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { expect, it } from 'vitest'
import { batchNormalization, FusedBatchNormalization } from '../../src/main/engine/batchNormalization'
import { BATCH_NORM_TRAINING, batchNormTraining } from '../../src/main/engine/native/kernels/BatchNormTraining'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

/** x: values with a per-channel mean far from 0 (the case a naive one-pass variance loses). */
function input(shape: number[], seed: number): Float32Array {
  const c = shape[shape.length - 1]
  return randomArray(size(shape), seed).map((v, i) => v * (1 + (i % c)) + 40 * ((i % c) - c / 2))
}

interface Result {
  y: Float32Array
  mean: Float32Array
  variance: Float32Array
  /** d loss / d x, scale, offset; loss = sum(y * w) + sum(mean * a) + sum(variance * b). */
  grads: Float32Array[]
}

async function run(backend: 'cpu' | 'native', shape: number[], seed: number): Promise<Result> {
  await use(backend)
  const c = shape[shape.length - 1]
  return scoped(() => {
    const x = tf.tensor(input(shape, seed), shape)
    const scale = tf.tensor1d(randomArray(c, seed + 1).map((v) => 1 + v))
    const offset = tf.tensor1d(randomArray(c, seed + 2))
    const w = tf.tensor(randomArray(size(shape), seed + 3), shape)
    const a = tf.tensor1d(randomArray(c, seed + 4))
    const b = tf.tensor1d(randomArray(c, seed + 5).map((v) => v / 50))
    const forward = (xx: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor[] => {
      if (backend === 'native') return batchNormTraining(xx, s, o, 1e-3)
      const axes = shape.slice(0, -1).map((_, i) => i)
      const { mean, variance } = tf.moments(xx, axes)
      return [tf.batchNorm(xx, mean, variance, o, s, 1e-3), mean, variance]
    }
    const [y, mean, variance] = forward(x, scale, offset)
    const grads = tf.grads((xx: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
      const [yy, m, v] = forward(xx, s, o)
      return tf.addN([tf.sum(tf.mul(yy, w)), tf.sum(tf.mul(m, a)), tf.sum(tf.mul(v, b))])
    })([x, scale, offset])
    return { y: y.dataSync() as Float32Array, mean: mean.dataSync() as Float32Array, variance: variance.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array) }
  })
}

describeNative('batch norm in training as one native kernel', () => {
  const shapes = [
    [16, 9, 9, 64],
    [2, 5, 7, 3],
    [1, 1, 1, 5],
    [3, 4, 2, 1],
    [8, 33],
    [4, 17, 3, 130],
  ]

  it.each(shapes.map((s) => [s.join(', '), s] as const))('y, the moments and every gradient match tf.moments + tf.batchNorm on cpu for x [%s]', async (_, shape) => {
    const cpu = await run('cpu', shape, 7)
    const native = await run('native', shape, 7)
    // The cpu reference rounds its sums to float32; the kernel sums in double.
    expectClose(native.mean, cpu.mean, 'mean', 1e-5, 1e-4)
    expectClose(native.variance, cpu.variance, 'variance', 1e-4, 1e-4)
    expectClose(native.y, cpu.y, 'y', 1e-3, 1e-4)
    for (const [i, name] of ['dx', 'dscale', 'doffset'].entries()) expectClose(native.grads[i], cpu.grads[i], name, 2e-3, 2e-4)
  })

  it('refuses a scale that does not have one value per channel, naming the kernel', async () => {
    await use('native')
    scoped(() => {
      const x = tf.zeros([2, 3, 4])
      expect(() => batchNormTraining(x, tf.ones([3]), tf.zeros([4]), 1e-3)).toThrow(`Error in ${BATCH_NORM_TRAINING}: scale has shape [3], expected [4]`)
    })
  })

  async function layerStep(backend: 'cpu' | 'native', fused: boolean) {
    await use(backend)
    const shape = [8, 6, 6, 12]
    const layer = fused ? batchNormalization({ momentum: 0.9, epsilon: 1e-3 }) : tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 })
    return scoped(() => {
      const x = tf.tensor(input(shape, 3), shape)
      layer.build(x.shape)
      layer.setWeights([tf.tensor1d(randomArray(12, 4).map((v) => 1 + v)), tf.tensor1d(randomArray(12, 5)), tf.tensor1d(randomArray(12, 6)), tf.tensor1d(randomArray(12, 7).map((v) => 2 + v))])
      const w = tf.tensor(randomArray(size(shape), 8), shape)
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar)
      const names = Object.keys(grads).sort()
      const result = {
        loss: value.dataSync()[0],
        grads: names.map((n) => grads[n].dataSync() as Float32Array),
        // gamma, beta, moving mean, moving variance after the step's moving-average update.
        weights: layer.getWeights().map((t) => t.dataSync() as Float32Array),
        inference: (layer.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array,
      }
      // Never part of a model, so Layer.dispose() refuses it: its weights go one by one.
      for (const weight of layer.weights) weight.dispose()
      return result
    })
  }

  it("the layer trains as tfjs-layers' BatchNormalization does on cpu: output, gradients, moving averages", async () => {
    const before = tf.memory().numTensors
    const reference = await layerStep('cpu', false)
    const native = await layerStep('native', true)
    expect(tf.memory().numTensors).toBe(before)
    expect(native.loss).toBeCloseTo(reference.loss, 2)
    expect(native.grads.length).toBe(2)
    native.grads.forEach((g, i) => expectClose(g, reference.grads[i], `gradient ${i}`, 2e-3, 2e-4))
    native.weights.forEach((w, i) => expectClose(w, reference.weights[i], `weight ${i}`, 1e-4, 1e-4))
    // The moving averages moved: a step that skipped the update would leave the initial values.
    expect(Math.abs(native.weights[2][0] - randomArray(12, 6)[0])).toBeGreaterThan(1)
    expectClose(native.inference, reference.inference, 'inference', 1e-4, 1e-4)
  })

  it("a model saved with the layer names it BatchNormalization and loads back as the fused class", async () => {
    await use('native')
    const inputs = tfl.input({ shape: [4, 4, 3] })
    const model = tfl.model({ inputs, outputs: batchNormalization({ name: 'bn' }).apply(inputs) as tfl.SymbolicTensor })
    const json = model.toJSON(undefined, false) as unknown as { config: { layers: Array<{ class_name: string }> } }
    expect(json.config.layers.map((l) => l.class_name)).toEqual(['InputLayer', 'BatchNormalization'])
    const loaded = await tfl.models.modelFromJSON({ modelTopology: json } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0])
    expect(loaded.getLayer('bn')).toBeInstanceOf(FusedBatchNormalization)
    // A layer made with tfjs-layers' own factory stays tfjs-layers' class.
    expect(tfl.layers.batchNormalization({})).not.toBeInstanceOf(FusedBatchNormalization)
    model.dispose()
    loaded.dispose()
  })
})
