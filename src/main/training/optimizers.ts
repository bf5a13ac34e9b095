/**
 * The optimisers the experiments train with. createAdam is tf.train.adam with the same defaults
 * and the same results, but on the `native` backend each variable's update is one C++ pass
 * (NativeAdamOptimizer); on every other backend it is tf.AdamOptimizer's own update.
 */
import { NativeAdamOptimizer } from '../engine/native/adam'

/**
 * Adam(lr, beta1 = 0.9, beta2 = 0.999, epsilon = the backend's epsilon (1e-7 on cpu/native)):
 * tf.train.adam's defaults, so swapping one for the other changes nothing but the speed.
 */
export function createAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): NativeAdamOptimizer {
  for (const [name, value] of [['learningRate', learningRate], ['beta1', beta1], ['beta2', beta2], ['epsilon', epsilon]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw new Error(`createAdam: ${name} must be a finite number, got ${value}`)
  }
  return new NativeAdamOptimizer(learningRate, beta1, beta2, epsilon)
}
