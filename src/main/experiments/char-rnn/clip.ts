/** Gradient-norm clipping as torch.nn.utils.clip_grad_norm_ does it (pure tf ops). */
import * as tf from '@tensorflow/tfjs-core'

/**
 * The global L2 norm of `grads` and the gradients scaled by min(1, maxNorm / (norm + 1e-6));
 * maxNorm 0 leaves them unchanged. Call inside tf.tidy.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar
  if (maxNorm <= 0) return { clipped: grads, norm }
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)))
  return { clipped: grads.map((g) => tf.mul(g, scale)), norm }
}
