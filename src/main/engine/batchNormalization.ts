/**
 * tfjs-layers' BatchNormalization, trained with one native kernel per layer and step on the native
 * backend (engine/native/kernels/BatchNormTraining.ts) instead of tf.moments + tf.batchNorm: the
 * same outputs and moving averages to float32 rounding, about a dozen fewer kernels per layer, and
 * no x-sized Sub and Square tensors kept alive for the backward pass.
 *
 * It is registered under tfjs-layers' own class name, so saved models keep loading (and save) as
 * 'BatchNormalization', and a model loaded from a checkpoint trains on the fast path too. Inference,
 * other backends, and layers the kernel does not cover (a channel axis other than the last, no
 * center or scale) run tfjs-layers' code unchanged.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { Tensor } from '@tensorflow/tfjs-core'
// Loaded for its side effect first: it registers the BatchNormalization class this module extends.
import '@tensorflow/tfjs-layers'
import type { BatchNormalization, BatchNormalizationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/normalization'
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types'
import { batchNormTraining, nativeBatchNormTraining } from './native/kernels/BatchNormTraining'

/** The fields of tfjs-layers' layer this one reads (private in its typings, plain properties at run time). */
interface Internals {
  axis: number
  momentum: number
  epsilon: number
  center: boolean
  scale: boolean
  gamma: { read(): Tensor }
  beta: { read(): Tensor }
  movingMean: { read(): Tensor; write(value: Tensor): void }
  movingVariance: { read(): Tensor; write(value: Tensor): void }
}

type LayerClass = typeof BatchNormalization & { fromConfig: unknown }

const registry = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [LayerClass, unknown] | undefined>

/** tfjs-layers' class, registered when '@tensorflow/tfjs-layers' loaded (ours replaces it below). */
const Base: LayerClass = (() => {
  const entry = registry.BatchNormalization
  if (!entry) throw new Error("tfjs-layers' BatchNormalization is not registered (load '@tensorflow/tfjs-layers' first)")
  return ((entry[0] as unknown as { tfjsLayersClass?: LayerClass }).tfjsLayersClass ?? entry[0]) as LayerClass
})()

/** tfjs-layers' moving-average update, as it writes it: value - (value - batch) * (1 - momentum). */
function updateMovingAverage(variable: Internals['movingMean'], batch: Tensor, momentum: number): void {
  tf.tidy(() => {
    const original = variable.read()
    variable.write(tf.sub(original, tf.mul(tf.sub(original, batch), 1 - momentum)))
  })
}

export class FusedBatchNormalization extends Base {
  /** The class this one extends, so a second load of this module extends tfjs-layers' and not itself. */
  static readonly tfjsLayersClass: LayerClass = Base

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs
    const self = this as unknown as Internals
    const lastAxis = input != null && (self.axis === -1 || self.axis === input.rank - 1)
    const fused = kwargs.training === true && input != null && input.rank >= 2 && input.dtype === 'float32' && lastAxis && self.center && self.scale && nativeBatchNormTraining()
    if (!fused) return super.call(inputs, kwargs)
    return tf.tidy(() => {
      const [y, mean, variance] = batchNormTraining(input, self.gamma.read(), self.beta.read(), self.epsilon)
      updateMovingAverage(self.movingMean, mean, self.momentum)
      updateMovingAverage(self.movingVariance, variance, self.momentum)
      return y
    })
  }
}

// Loading a saved model ('BatchNormalization') builds this class from now on.
tf.serialization.SerializationMap.register(FusedBatchNormalization as unknown as Parameters<typeof tf.serialization.SerializationMap.register>[0])

/** tfl.layers.batchNormalization, trained by the native kernel where it runs. */
export function batchNormalization(args?: BatchNormalizationLayerArgs): BatchNormalization {
  return new FusedBatchNormalization(args)
}
