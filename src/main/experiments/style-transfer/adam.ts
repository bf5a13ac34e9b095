/**
 * Adam on a flat variable with the same objective and report as Lbfgs, so the trainer can swap
 * them: one objective evaluation per step, then the update, then the projection onto the box
 * (the peer's `img.clamp_(0, 1)`). Kingma & Ba's update with bias correction.
 * Pure: tf ops and the objective only.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { Bounds, StepReport } from './lbfgs'
import type { Objective } from './objective'

export interface AdamOptions {
  lr: number
  beta1: number
  beta2: number
  epsilon: number
  bounds?: Bounds
}

export const ADAM_DEFAULTS: AdamOptions = { lr: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }

export class PixelAdam {
  private readonly options: AdamOptions
  private m: tf.Tensor1D
  private v: tf.Tensor1D
  private t = 0

  constructor(
    /** The flat variable being optimised, [n]; updated in place. */
    readonly x: tf.Variable<tf.Rank.R1>,
    private readonly objective: Objective,
    options: Partial<AdamOptions> = {},
  ) {
    this.options = { ...ADAM_DEFAULTS, ...options }
    this.m = tf.zerosLike(x)
    this.v = tf.zerosLike(x)
  }

  /** Evaluates at x (the reported value is the one before the update), then moves x. */
  step(): StepReport {
    const { lr, beta1, beta2, epsilon, bounds } = this.options
    const e = this.objective(this.x)
    this.t++
    const [m, v, next] = tf.tidy(() => {
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(e.grad, 1 - beta1)) as tf.Tensor1D
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(e.grad), 1 - beta2)) as tf.Tensor1D
      const mHat = tf.div(m, 1 - beta1 ** this.t)
      const vHat = tf.div(v, 1 - beta2 ** this.t)
      let next = tf.sub(this.x, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr)) as tf.Tensor1D
      if (bounds) next = tf.clipByValue(next, bounds.lower, bounds.upper) as tf.Tensor1D
      return [m, v, next]
    })
    tf.dispose([this.m, this.v, e.grad])
    this.m = m
    this.v = v
    this.x.assign(next)
    next.dispose()
    return { value: e.value, parts: e.parts, evaluations: 1, step: lr, stalled: false }
  }

  dispose(): void {
    tf.dispose([this.m, this.v])
  }
}
