/**
 * One style-transfer optimisation, set up and stepped: the targets from the content and style
 * images, the pixels as a flat variable, the chosen optimiser. The trainer drives it, one call of
 * step() per reported step, and reads the current image when it wants one.
 * Pure: tensors in, numbers and pixels out; no files, no clocks.
 */
import * as tf from '@tensorflow/tfjs-core'
import { PixelAdam } from './adam'
import { Lbfgs, type StepReport } from './lbfgs'
import type { LossWeights } from './losses'
import { computeTargets, disposeTargets, makeObjective, type FeatureNetwork, type LayerChoice } from './objective'
import type { StyleTargets } from './losses'
import type { RgbImage } from './images'

export type OptimizerName = 'lbfgs' | 'adam'

export interface SessionOptions {
  layers: LayerChoice
  weights: LossWeights
  optimizer: OptimizerName
  /** L-BFGS: the line search's first trial step; Adam: the learning rate. */
  lr: number
  /** L-BFGS history size m. */
  history: number
  init: 'content' | 'noise'
  /** Seed of the noise start. */
  seed: number
}

/** [h, w, 3] bytes -> [1, h, w, 3] floats in 0..1. */
export function toImageTensor(image: RgbImage): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]), 255) as tf.Tensor4D)
}

/**
 * Each chosen layer's activation shape for an image, or a message when one is too small to mean
 * anything (under 2 x 2: a single position has no spatial statistics).
 */
export function checkActivationSizes(net: FeatureNetwork, layers: LayerChoice, image: tf.Tensor4D, labels: Record<string, string>): number[][] {
  const names = [...new Set([layers.content, ...layers.style])]
  const shapes = tf.tidy(() => net.activations(image, names).map((t) => t.shape as number[]))
  names.forEach((name, i) => {
    const [, h, w] = shapes[i]
    if (h < 2 || w < 2) {
      const [, ih, iw] = image.shape
      throw new Error(`the image is too small for layer ${labels[name] ?? name}: at ${iw}x${ih} px its output is ${w}x${h}; use a larger size`)
    }
  })
  return shapes
}

export class StyleSession {
  readonly pixels: tf.Variable<tf.Rank.R1>
  readonly shape: [1, number, number, 3]
  private readonly targets: StyleTargets
  private readonly optimizer: Lbfgs | PixelAdam
  evaluations = 0

  constructor(net: FeatureNetwork, content: tf.Tensor4D, style: tf.Tensor4D, options: SessionOptions) {
    const [, h, w] = content.shape
    this.shape = [1, h, w, 3]
    this.targets = computeTargets(net, options.layers, content, style)
    const start = tf.tidy(() => {
      const flat = tf.reshape(content, [-1]) as tf.Tensor1D
      return options.init === 'noise' ? (tf.randomUniform(flat.shape, 0, 1, 'float32', options.seed) as tf.Tensor1D) : flat
    })
    this.pixels = tf.variable(start, true, undefined, 'float32')
    start.dispose()
    const objective = makeObjective(net, options.layers, this.targets, options.weights, this.shape)
    const bounds = { lower: 0, upper: 1 }
    this.optimizer =
      options.optimizer === 'lbfgs'
        ? new Lbfgs(this.pixels, objective, { history: options.history, initialStep: options.lr, bounds })
        : new PixelAdam(this.pixels, objective, { lr: options.lr, bounds })
  }

  step(): StepReport {
    const report = this.optimizer.step()
    this.evaluations += report.evaluations
    return report
  }

  /** The current pixels as [h, w, 3] RGB bytes. */
  image(): RgbImage {
    const [, height, width] = this.shape
    const values = tf.tidy(() => tf.round(tf.mul(tf.clipByValue(this.pixels, 0, 1), 255)).dataSync())
    return { data: Uint8Array.from(values), width, height }
  }

  dispose(): void {
    this.optimizer.dispose()
    disposeTargets(this.targets)
    this.pixels.dispose()
  }
}
