/**
 * tfjs-layers' Conv2D for a model's first layer, whose input (the images) needs no gradient.
 *
 * tfjs-layers computes a convolution with a bias as tf.fused.conv2d, whose gradient (a customGrad)
 * computes the input gradient together with the filter's and the bias's, even where the tape then
 * drops it. For a ResNet's stem (7x7/2, 3 -> 64 channels) that is the slowest convolution kernel of
 * the whole step: a col2im over 3-channel pixels, ~7 ms of a 64 px ResNet-18 step on native and
 * four times that at 128 px. In training this layer runs tf.conv2d and then adds the bias, whose
 * registered gradients are computed only for the inputs that lead to a variable. The output is the
 * same (the bias is added in float32 either way); the weights, the class name ('Conv2D') and saved
 * models are tfjs-layers' own, and inference keeps the fused kernel.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { Tensor } from '@tensorflow/tfjs-core'
// Loaded for its side effect first: it registers the Conv2D class this module extends.
import '@tensorflow/tfjs-layers'
import type { Conv2D, ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional'
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types'

/** The fields of tfjs-layers' layer this one reads (protected in its typings, plain properties at run time). */
interface Internals {
  kernel: { read(): Tensor }
  bias: { read(): Tensor } | null
  strides: number[]
  padding: string
  dataFormat: string
  dilationRate: number[]
  activation: { getClassName(): string }
}

type LayerClass = typeof Conv2D

const Base: LayerClass = (() => {
  const entry = (tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [LayerClass, unknown] | undefined>).Conv2D
  if (!entry) throw new Error("tfjs-layers' Conv2D is not registered (load '@tensorflow/tfjs-layers' first)")
  return entry[0]
})()

class InputConv2D extends Base {
  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs
    const self = this as unknown as Internals
    const plain =
      kwargs.training === true &&
      x != null &&
      x.rank === 4 &&
      self.bias != null &&
      self.dataFormat === 'channelsLast' &&
      self.activation.getClassName() === 'linear' &&
      (self.padding === 'same' || self.padding === 'valid')
    if (!plain) return super.call(inputs, kwargs)
    return tf.tidy(() => {
      // [b, h, w, cin] -> [b, oh, ow, filters], then + bias [filters]
      const y = tf.conv2d(x as tf.Tensor4D, self.kernel.read() as tf.Tensor4D, self.strides as [number, number], self.padding as 'same' | 'valid', 'NHWC', self.dilationRate as [number, number])
      return tf.add(y, self.bias!.read())
    })
  }
}

/** tfl.layers.conv2d for a layer that takes the model's input: no input gradient in training. */
export function inputConv2d(args: ConvLayerArgs): Conv2D {
  return new InputConv2D(args)
}
