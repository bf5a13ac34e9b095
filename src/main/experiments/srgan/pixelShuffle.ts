/**
 * PixelShuffle (depth to space) with PyTorch's channel order, in NHWC: the sub-pixel upsampler of
 * ESPCN/SRGAN. Written as reshape + transpose + reshape so that TensorFlow.js differentiates it
 * (its DepthToSpace op has no gradient), and so that weights trained in PyTorch keep their meaning.
 *
 *   out[n, h*r + i, w*r + j, c] = in[n, h, w, c*r*r + i*r + j]
 */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'

/**
 * @param x [batch, height, width, channels * r * r]
 * @param r upscaling factor (2 in SRGAN, applied twice for x4)
 * @return [batch, height * r, width * r, channels]
 */
export function pixelShuffle(x: tf.Tensor4D, r: number): tf.Tensor4D {
  const [n, h, w, depth] = x.shape
  if (!Number.isInteger(r) || r < 1) throw new Error(`pixelShuffle: the factor must be a whole number >= 1, got ${r}`)
  if (depth % (r * r) !== 0) throw new Error(`pixelShuffle: ${depth} channels cannot be split into ${r}x${r} sub-pixels`)
  const c = depth / (r * r)
  return tf.tidy(() => {
    const split = tf.reshape(x, [n, h, w, c, r, r])
    // [n, h, i, w, j, c]
    const interleaved = tf.transpose(split, [0, 1, 4, 2, 5, 3])
    return tf.reshape(interleaved, [n, h * r, w * r, c])
  })
}

/** The same as a tfjs-layers layer, so the generator stays one serialisable LayersModel. */
export class PixelShuffle extends tfl.layers.Layer {
  static className = 'PixelShuffle'
  readonly factor: number

  constructor(config: { factor: number; name?: string }) {
    super({ name: config.name })
    this.factor = config.factor
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, d] = inputShape as tfl.Shape
    const r = this.factor
    return [n, h === null ? null : h * r, w === null ? null : w * r, d === null ? null : d / (r * r)]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    return pixelShuffle(x as tf.Tensor4D, this.factor)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor }
  }
}
tf.serialization.registerClass(PixelShuffle)
