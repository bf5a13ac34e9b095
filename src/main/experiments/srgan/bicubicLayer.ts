/**
 * 4x bicubic upsampling as a fixed (weightless) tfjs-layers layer, for the generator's optional
 * input skip: SR = bicubic(LR) + the network's residual. Each output pixel of phase (i, j) mixes
 * a 5 x 5 LR neighbourhood with the Keys kernel (a = -0.5, Pillow's upscaling weights); the 16
 * phases are one convolution to 16 channels per colour, put in place by PixelShuffle. Borders
 * are extended by edge replication (Pillow renormalises its weights there instead: the two differ
 * in the outermost 2 LR pixels only, which PSNR's border crop mostly removes).
 */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { cubicKernel } from './bicubic'
import { pixelShuffle } from './pixelShuffle'

const R = 4
/** LR pixels each side an output pixel reads. */
export const BICUBIC_RADIUS = 2

/**
 * The fixed kernel [5, 5, 1, 16] of one colour: output channel i * 4 + j is phase (row i, col j).
 * Output pixel (4y + i) has its centre at LR coordinate y + (i + 0.5) / 4 - 0.5.
 */
export function bicubicPhaseKernel(): Float32Array {
  const taps = 2 * BICUBIC_RADIUS + 1
  const w1 = (p: number) => {
    const d = (p + 0.5) / R - 0.5
    return Array.from({ length: taps }, (_, k) => cubicKernel(k - BICUBIC_RADIUS - d))
  }
  const kernel = new Float32Array(taps * taps * R * R)
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) {
      const wy = w1(i)
      const wx = w1(j)
      for (let ky = 0; ky < taps; ky++) for (let kx = 0; kx < taps; kx++) kernel[(ky * taps + kx) * R * R + i * R + j] = wy[ky] * wx[kx]
    }
  }
  return kernel
}

/** [b, h, w, 3] -> [b, 4h, 4w, 3]: bicubic 4x, edges replicated. */
export function bicubicUpsample4(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape
    // Edge replication of 2 px: the first/last row and column repeated.
    const rows = tf.concat([tf.slice(x, [0, 0, 0, 0], [b, 1, w, c]), tf.slice(x, [0, 0, 0, 0], [b, 1, w, c]), x, tf.slice(x, [0, h - 1, 0, 0], [b, 1, w, c]), tf.slice(x, [0, h - 1, 0, 0], [b, 1, w, c])], 1)
    const padded = tf.concat([tf.slice(rows, [0, 0, 0, 0], [b, h + 4, 1, c]), tf.slice(rows, [0, 0, 0, 0], [b, h + 4, 1, c]), rows, tf.slice(rows, [0, 0, w - 1, 0], [b, h + 4, 1, c]), tf.slice(rows, [0, 0, w - 1, 0], [b, h + 4, 1, c])], 2)
    // Depthwise: each colour through the same 16 phase filters -> channel c * 16 + phase (PixelShuffle's order).
    const phases = tf.depthwiseConv2d(padded as tf.Tensor4D, kernel, 1, 'valid')
    return pixelShuffle(phases as tf.Tensor4D, R)
  })
}

export class BicubicUpsample extends tfl.layers.Layer {
  static className = 'BicubicUpsample'
  private kernel: tf.Tensor4D | null = null

  constructor(config: { name?: string } = {}) {
    super({ name: config.name, trainable: false })
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, d] = inputShape as tfl.Shape
    return [n, h === null ? null : h * R, w === null ? null : w * R, d]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D
    if (!this.kernel) {
      const one = bicubicPhaseKernel()
      const c = x.shape[3]
      // [5, 5, c, 16]: the same filters for every colour.
      const all = new Float32Array(one.length * c)
      for (let p = 0; p < 25; p++) for (let ch = 0; ch < c; ch++) all.set(one.subarray(p * 16, (p + 1) * 16), (p * c + ch) * 16)
      this.kernel = tf.keep(tf.tensor4d(all, [5, 5, c, R * R]))
    }
    return bicubicUpsample4(x, this.kernel)
  }

  override dispose(): ReturnType<tfl.layers.Layer['dispose']> {
    this.kernel?.dispose()
    this.kernel = null
    return super.dispose()
  }
}
tf.serialization.registerClass(BicubicUpsample)
