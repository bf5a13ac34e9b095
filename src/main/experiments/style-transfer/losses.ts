/**
 * The style-transfer objective (spec section 5, Gatys et al. as in the seed):
 *
 *   total = alpha * J_content + beta * J_style + gamma * J_tv
 *
 * - J_content: mean squared difference of the generated and content activations at one layer
 *   (the seed's F.mse_loss).
 * - J_style: for each style layer, the mean squared difference of the Gram matrices, each Gram
 *   matrix normalised by the layer's size (h * w * c, as the seed's `G.div(a * b * c * d)`);
 *   summed over the style layers.
 * - J_tv: total variation, the mean squared difference of vertically and horizontally
 *   neighbouring pixels (summed over both directions); 0 weight turns it off, as in the seed.
 *
 * Pure tf ops: no files, no clocks. Callers run these inside tf.tidy / tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core'

export interface LossWeights {
  /** alpha: weight of the content loss. */
  content: number
  /** beta: weight of the style loss. */
  style: number
  /** gamma: weight of the total-variation loss. */
  tv: number
}

/** The weighted total and its three unweighted parts, as scalars. */
export interface LossParts {
  total: tf.Scalar
  content: tf.Scalar
  style: tf.Scalar
  tv: tf.Scalar
}

/**
 * Gram matrix of one layer's activations.
 * @param features [1, h, w, c]
 * @returns [c, c]: G_kk' = sum_ij a_ijk a_ijk' / (h * w * c)
 */
export function gramMatrix(features: tf.Tensor4D): tf.Tensor2D {
  const [batch, h, w, c] = features.shape
  if (batch !== 1) throw new RangeError(`gramMatrix takes one image, got a batch of ${batch}`)
  return tf.tidy(() => {
    const flat = tf.reshape(features, [h * w, c]) as tf.Tensor2D
    return tf.div(tf.matMul(flat, flat, true, false), h * w * c) as tf.Tensor2D
  })
}

/** Mean squared difference of two activations of the same shape (any rank). */
export function contentLoss(generated: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (generated.shape.join(',') !== target.shape.join(',')) {
    throw new RangeError(`content activations differ in shape: [${generated.shape}] vs [${target.shape}]`)
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(generated, target)) as tf.Scalar)
}

/**
 * Style loss summed over layers.
 * @param generated one [1, h, w, c] activation per style layer
 * @param targetGrams the style image's [c, c] Gram matrix per layer, in the same order
 */
export function styleLoss(generated: tf.Tensor4D[], targetGrams: tf.Tensor2D[]): tf.Scalar {
  if (generated.length !== targetGrams.length) throw new RangeError(`${generated.length} style activations but ${targetGrams.length} target Gram matrices`)
  if (generated.length === 0) return tf.scalar(0)
  return tf.tidy(() => {
    const perLayer = generated.map((f, i) => tf.mean(tf.squaredDifference(gramMatrix(f), targetGrams[i])))
    return tf.addN(perLayer) as tf.Scalar
  })
}

/**
 * Total variation of an image.
 * @param image [1, h, w, 3]
 * @returns mean((x[i+1,j] - x[i,j])^2) + mean((x[i,j+1] - x[i,j])^2); a 1-pixel side contributes 0
 */
export function totalVariation(image: tf.Tensor4D): tf.Scalar {
  const [, h, w, c] = image.shape
  return tf.tidy(() => {
    const parts: tf.Scalar[] = []
    if (h > 1) {
      const down = tf.slice(image, [0, 1, 0, 0], [1, h - 1, w, c])
      const up = tf.slice(image, [0, 0, 0, 0], [1, h - 1, w, c])
      parts.push(tf.mean(tf.squaredDifference(down, up)) as tf.Scalar)
    }
    if (w > 1) {
      const right = tf.slice(image, [0, 0, 1, 0], [1, h, w - 1, c])
      const left = tf.slice(image, [0, 0, 0, 0], [1, h, w - 1, c])
      parts.push(tf.mean(tf.squaredDifference(right, left)) as tf.Scalar)
    }
    return parts.length === 0 ? tf.scalar(0) : (tf.addN(parts) as tf.Scalar)
  })
}

/** What the objective compares the generated image's activations with (computed once per run). */
export interface StyleTargets {
  /** The content image's activation at the content layer, [1, h, w, c]. */
  content: tf.Tensor4D
  /** The style image's Gram matrix per style layer, [c, c] each. */
  grams: tf.Tensor2D[]
}

/**
 * The weighted objective from the generated image's activations.
 * @param image [1, h, w, 3], the generated pixels (for total variation)
 * @param contentFeatures [1, h', w', c] at the content layer
 * @param styleFeatures one [1, h'', w'', c''] per style layer, in the targets' order
 */
export function styleTransferLoss(
  image: tf.Tensor4D,
  contentFeatures: tf.Tensor4D,
  styleFeatures: tf.Tensor4D[],
  targets: StyleTargets,
  weights: LossWeights,
): LossParts {
  return tf.tidy(() => {
    const content = contentLoss(contentFeatures, targets.content)
    const style = styleLoss(styleFeatures, targets.grams)
    const tv = weights.tv > 0 ? totalVariation(image) : tf.scalar(0)
    const total = tf.addN([tf.mul(content, weights.content), tf.mul(style, weights.style), tf.mul(tv, weights.tv)]) as tf.Scalar
    return { total, content, style, tv }
  })
}
