/**
 * The triplet loss of FaceNet (spec §5): max(||f(A) - f(P)||^2 - ||f(A) - f(N)||^2 + alpha, 0),
 * alpha 0.2, with online semi-hard mining inside the batch as FaceNet and TensorFlow Addons'
 * `triplet_semihard_loss` do: every anchor-positive pair (same label, different images) gets the
 * closest negative that is farther than the positive; where no negative is farther, the farthest
 * negative. Pure TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs-core'

export interface TripletResult {
  /** Mean loss over the anchor-positive pairs. */
  loss: tf.Scalar
  /** Fraction of pairs whose loss is above 0 (the "active" triplets). */
  active: tf.Scalar
}

/**
 * @param embeddings [batch, d] (L2-normalised by the network)
 * @return [batch, batch] squared Euclidean distances, clamped at 0
 */
export function pairwiseSquaredDistances(embeddings: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(embeddings), 1)
    const dot = tf.matMul(embeddings, embeddings, false, true)
    return tf.relu(tf.add(tf.sub(tf.expandDims(sq, 1), tf.mul(dot, 2)), tf.expandDims(sq, 0))) as tf.Tensor2D
  })
}

/**
 * @param embeddings [batch, d]
 * @param labels [batch] integer identities; the batch needs at least one pair with the same label
 */
export function semiHardTripletLoss(embeddings: tf.Tensor2D, labels: tf.Tensor1D, margin = 0.2): TripletResult {
  return tf.tidy(() => {
    const b = embeddings.shape[0]
    const d = pairwiseSquaredDistances(embeddings)
    // Masks as 0/1 floats built with step(), whose gradient is 0: which negative a pair takes is a
    // choice, not something to differentiate (and comparison ops have no gradient in TensorFlow.js).
    const same = tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), 'float32')
    const positive = tf.sub(same, tf.eye(b))
    const negative = tf.sub(1, same)
    // [a, p, n]: d(a, n) broadcast over p, and whether n is a negative of a farther than p.
    const dan = tf.tile(tf.expandDims(d, 1), [1, b, 1])
    const negMask = tf.tile(tf.expandDims(negative, 1), [1, b, 1])
    const farther = tf.mul(negMask, tf.step(tf.sub(dan, tf.expandDims(d, 2))))
    const hasSemiHard = tf.max(farther, 2)
    // The closest negative farther than the positive, else the farthest negative.
    const semiHard = tf.min(tf.add(dan, tf.mul(tf.sub(1, farther), 1e9)), 2)
    const farthest = tf.max(tf.sub(dan, tf.mul(tf.sub(1, negMask), 1e9)), 2)
    const chosen = tf.add(tf.mul(hasSemiHard, semiHard), tf.mul(tf.sub(1, hasSemiHard), farthest))
    const pairs = tf.mul(positive, tf.max(negative, 1, true))
    const perPair = tf.mul(pairs, tf.relu(tf.add(tf.sub(d, chosen), margin)))
    const pairCount = tf.maximum(tf.sum(pairs), 1)
    const loss = tf.div(tf.sum(perPair), pairCount) as tf.Scalar
    const active = tf.div(tf.sum(tf.step(perPair)), pairCount) as tf.Scalar
    return { loss, active }
  })
}
