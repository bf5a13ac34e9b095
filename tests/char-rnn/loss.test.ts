import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { clipByGlobalNorm } from '../../src/main/experiments/char-rnn/clip'
import { pickLogSoftmax, sequenceLoss } from '../../src/main/experiments/char-rnn/loss'

/** The loss as tf ops: -sum(logSoftmax(logits) * onehot(labels)) / batch. */
function tfLoss(logits: tf.Tensor3D, labels: tf.Tensor2D, batch: number): tf.Scalar {
  return tf.div(tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.cast(tf.oneHot(labels, 27), 'float32')))), batch) as tf.Scalar
}

describe('the sequence loss', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('equals softmax cross-entropy summed over positions and averaged over the batch, with its gradient', () => {
    const logits = tf.randomNormal([4, 6, 27], 0, 3, 'float32', 1) as tf.Tensor3D
    const labels = tf.tensor2d(Int32Array.from({ length: 24 }, (_, i) => (i * 11) % 27), [4, 6], 'int32')
    const values = labels.dataSync()
    const ours = tf.valueAndGrad((l: tf.Tensor) => sequenceLoss(l, values, 4))(logits)
    const reference = tf.valueAndGrad((l: tf.Tensor) => tfLoss(l as tf.Tensor3D, labels, 4))(logits)
    expect(ours.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0], 4)
    expect(tf.max(tf.abs(tf.sub(ours.grad, reference.grad))).dataSync()[0]).toBeLessThan(1e-6)
  })

  it('gives log(27) per position for uniform logits', () => {
    const { logp, probs } = pickLogSoftmax(new Float32Array(2 * 27), [0, 5])
    expect(Array.from(logp)).toEqual([-Math.log(27), -Math.log(27)])
    expect(probs[3]).toBeCloseTo(1 / 27, 7)
    expect(() => pickLogSoftmax(new Float32Array(27), [0, 1])).toThrow(/expected 2 x 27 logits/)
  })
})

describe('clipping by the global gradient norm', () => {
  it('scales every gradient by maxNorm / norm when the norm is above it, as clip_grad_norm_', () => {
    // Global norm of [3, 4] and [12]: sqrt(9 + 16 + 144) = 13.
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])]
    const { clipped, norm } = clipByGlobalNorm(grads, 0.5)
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5)
    const scale = 0.5 / (13 + 1e-6)
    expect(Array.from(clipped[0].dataSync())).toEqual([3 * scale, 4 * scale].map(Math.fround))
    expect(clipped[1].dataSync()[0]).toBeCloseTo(12 * scale, 6)
  })

  it('leaves gradients below the limit alone, and all of them with maxNorm 0', () => {
    const grads = [tf.tensor1d([0.1, 0.2])]
    expect(Array.from(clipByGlobalNorm(grads, 0.5).clipped[0].dataSync())).toEqual(Array.from(grads[0].dataSync()))
    expect(clipByGlobalNorm([tf.tensor1d([30, 40])], 0).clipped[0].dataSync()[1]).toBe(40)
  })
})
