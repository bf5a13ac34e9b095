/**
 * The style-transfer objective as a function of the flat pixel vector, for the optimisers:
 * pixels -> feature network -> losses -> (value, gradient with respect to the pixels).
 * Pure: no files, no clocks.
 */
import * as tf from '@tensorflow/tfjs-core'
// Registers the gradients of tfjs-core's ops (tfjs-core alone does not; its dist/ files cannot be
// imported one by one from ES modules).
import '@tensorflow/tfjs'
import { gramMatrix, styleTransferLoss, type LossWeights, type StyleTargets } from './losses'

/**
 * A frozen network whose intermediate activations the losses compare. Implementations: a
 * GraphModel's nodes (the CenterNet backbone, a user's converted model) or a LayersModel's layers
 * (featureNet.ts); tests pass a tiny hand-built one.
 */
export interface FeatureNetwork {
  /**
   * Activations of the named layers, in the order asked, for an image with pixels in 0..1.
   * Must be differentiable with respect to `image` (tf ops only, no data reads).
   * @param image [1, h, w, 3], RGB, 0..1
   * @returns one [1, h', w', c] tensor per name
   */
  activations(image: tf.Tensor4D, layers: readonly string[]): tf.Tensor4D[]
}

export interface LayerChoice {
  content: string
  style: readonly string[]
}

/** One evaluation: the losses as numbers and the gradient (owned by the caller). */
export interface Evaluation {
  value: number
  grad: tf.Tensor1D
  parts: { content: number; style: number; tv: number }
}

/** A (value, gradient) function of the flat pixels, as the optimisers take it. */
export type Objective = (x: tf.Tensor1D) => Evaluation

/** The layers to run, each once: the content layer and the style layers may overlap. */
function layerList(layers: LayerChoice): string[] {
  return [...new Set([layers.content, ...layers.style])]
}

/**
 * The content image's activation and the style image's Gram matrices (kept; dispose them with
 * disposeTargets).
 * @param content [1, h, w, 3] in 0..1, the output's size
 * @param style [1, h2, w2, 3] in 0..1, any size
 */
export function computeTargets(net: FeatureNetwork, layers: LayerChoice, content: tf.Tensor4D, style: tf.Tensor4D): StyleTargets {
  return tf.tidy(() => {
    const [contentFeatures] = net.activations(content, [layers.content])
    const styleFeatures = net.activations(style, layers.style)
    return { content: contentFeatures, grams: styleFeatures.map((f) => gramMatrix(f)) }
  })
}

export function disposeTargets(targets: StyleTargets): void {
  tf.dispose([targets.content, ...targets.grams])
}

/**
 * The objective of the flat pixels of an image of `shape`.
 * @param shape [1, h, w, 3] of the generated image; x has h * w * 3 values
 */
export function makeObjective(
  net: FeatureNetwork,
  layers: LayerChoice,
  targets: StyleTargets,
  weights: LossWeights,
  shape: [1, number, number, 3],
): Objective {
  const names = layerList(layers)
  const contentIndex = names.indexOf(layers.content)
  const styleIndex = layers.style.map((s) => names.indexOf(s))
  return (x) => {
    let parts: tf.Scalar[] = []
    const { value, grad } = tf.tidy(() => {
      const f = (flat: tf.Tensor): tf.Scalar => {
        const image = tf.reshape(flat, shape) as tf.Tensor4D
        const acts = net.activations(image, names)
        const losses = styleTransferLoss(image, acts[contentIndex], styleIndex.map((i) => acts[i]), targets, weights)
        // The unweighted parts leave the gradient's scope for reporting; they carry no gradient.
        parts = [tf.keep(losses.content.clone()), tf.keep(losses.style.clone()), tf.keep(losses.tv.clone())]
        return losses.total
      }
      return tf.valueAndGrad(f)(x)
    })
    try {
      const [content, style, tv] = parts.map((p) => p.dataSync()[0])
      return { value: value.dataSync()[0], grad: grad as tf.Tensor1D, parts: { content, style, tv } }
    } finally {
      value.dispose()
      tf.dispose(parts)
    }
  }
}
