/**
 * Softmax cross-entropy over letter positions, computed in plain JavaScript over the logits'
 * values. The cpu backend broadcasts element by element in its softmax (about 0.3 us a value):
 * as tf ops the loss took half of an RNN1 step; here it takes a few milliseconds. The numbers
 * are those of -sum(logSoftmax(logits) * onehot(labels)) (tests/char-rnn check both).
 */
import * as tf from '@tensorflow/tfjs-core'
import { readsSynchronously } from '../../engine/syncReads'
import { ALPHABET_SIZE } from './alphabet'

/**
 * logits: values of [positions, 27] (any leading shape, row-major), labels: [positions].
 * Returns log p(label) per position (float64) and the softmax probabilities (float32, [positions, 27]).
 */
export function pickLogSoftmax(logits: ArrayLike<number>, labels: ArrayLike<number>): { logp: Float64Array; probs: Float32Array } {
  const n = labels.length
  if (logits.length !== n * ALPHABET_SIZE) throw new RangeError(`expected ${n} x ${ALPHABET_SIZE} logits, got ${logits.length} values`)
  const logp = new Float64Array(n)
  const probs = new Float32Array(logits.length)
  for (let i = 0; i < n; i++) {
    const o = i * ALPHABET_SIZE
    let max = -Infinity
    for (let k = 0; k < ALPHABET_SIZE; k++) max = Math.max(max, logits[o + k])
    // One exp per value: e = exp(l - max) kept, then scaled by 1 / sum.
    let sum = 0
    for (let k = 0; k < ALPHABET_SIZE; k++) {
      const e = Math.exp(logits[o + k] - max)
      probs[o + k] = e
      sum += e
    }
    const inverse = 1 / sum
    for (let k = 0; k < ALPHABET_SIZE; k++) probs[o + k] *= inverse
    logp[i] = logits[o + labels[i]] - max - Math.log(sum)
  }
  return { logp, probs }
}

/**
 * The spec's loss: softmax cross-entropy summed over every position (padding included) and
 * divided by `batch`, i.e. summed over a word's positions and averaged over the words.
 * logits [.., .., 27] with `labels` in the same position order. Scalar, differentiable.
 */
export function sequenceLoss(logits: tf.Tensor, labels: ArrayLike<number>, batch: number): tf.Scalar {
  if (!readsSynchronously()) return sequenceLossOps(logits, labels, batch)
  const loss = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor
    const { logp, probs } = pickLogSoftmax(x.dataSync() as Float32Array, labels)
    let sum = 0
    for (let i = 0; i < logp.length; i++) sum -= logp[i]
    return {
      value: tf.scalar(sum / batch),
      // d loss / d logits = (softmax - onehot) / batch
      gradFunc: (dy: tf.Tensor) => {
        const grad = probs.slice()
        for (let i = 0; i < labels.length; i++) grad[i * ALPHABET_SIZE + labels[i]] -= 1
        return tf.mul(tf.tensor(grad, x.shape), tf.div(dy, batch))
      },
    }
  })
  return loss(logits) as tf.Scalar
}

/**
 * The same loss as tensor ops, for backends that cannot read the logits synchronously (webgpu):
 * -sum(logSoftmax(logits) * onehot(labels)) / batch, gradient by autodiff.
 */
export function sequenceLossOps(logits: tf.Tensor, labels: ArrayLike<number>, batch: number): tf.Scalar {
  return tf.tidy(() => {
    const n = labels.length
    const onehot = new Float32Array(n * ALPHABET_SIZE)
    for (let i = 0; i < n; i++) onehot[i * ALPHABET_SIZE + labels[i]] = 1
    const logp = tf.logSoftmax(tf.reshape(logits, [n, ALPHABET_SIZE]))
    return tf.div(tf.neg(tf.sum(tf.mul(logp, tf.tensor2d(onehot, [n, ALPHABET_SIZE])))), batch) as tf.Scalar
  })
}
