/**
 * Bicubic resampling of float images, as Pillow's `Image.resize(..., BICUBIC)` computes it: the Keys
 * cubic kernel with a = -0.5, widened by the scale when shrinking (antialiasing, as MATLAB's
 * `imresize` does, which SR papers use to make their low-resolution inputs), weights renormalised
 * at the borders. Separable: rows first, then columns. Pure: arrays in, arrays out.
 */

/** An image as rows of pixels: data[(y * width + x) * channels + c]. */
export interface FloatImage {
  width: number
  height: number
  channels: number
  data: Float32Array
}

/** The Keys cubic convolution kernel, a = -0.5 (Pillow's and MATLAB's bicubic). */
export function cubicKernel(x: number, a = -0.5): number {
  const t = Math.abs(x)
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a
  return 0
}

/** For each output position along one axis: the first input index and the normalised weights. */
interface AxisWeights {
  first: Int32Array
  weights: Float64Array[]
}

function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize
  const filterScale = Math.max(scale, 1)
  const support = 2 * filterScale
  const first = new Int32Array(outSize)
  const weights: Float64Array[] = []
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale
    const lo = Math.max(Math.trunc(center - support + 0.5), 0)
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize)
    const w = new Float64Array(hi - lo)
    let sum = 0
    for (let i = lo; i < hi; i++) {
      const v = cubicKernel((i - center + 0.5) / filterScale)
      w[i - lo] = v
      sum += v
    }
    if (sum !== 0) for (let k = 0; k < w.length; k++) w[k] /= sum
    first[o] = lo
    weights.push(w)
  }
  return { first, weights }
}

/** Resizes to width x height; any scale, up or down. */
export function resizeBicubic(image: FloatImage, width: number, height: number): FloatImage {
  const { channels: ch } = image
  if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height))) {
    throw new Error(`resizeBicubic: the output size must be whole numbers >= 1, got ${width}x${height}`)
  }
  if (image.data.length !== image.width * image.height * ch) throw new Error('resizeBicubic: data length does not match width x height x channels')
  // Horizontal pass: [height, width, ch].
  const xs = axisWeights(image.width, width)
  const rows = new Float64Array(image.height * width * ch)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const w = xs.weights[x]
      const base = (y * image.width + xs.first[x]) * ch
      for (let c = 0; c < ch; c++) {
        let acc = 0
        for (let k = 0; k < w.length; k++) acc += w[k] * image.data[base + k * ch + c]
        rows[(y * width + x) * ch + c] = acc
      }
    }
  }
  // Vertical pass.
  const ys = axisWeights(image.height, height)
  const out = new Float32Array(height * width * ch)
  for (let y = 0; y < height; y++) {
    const w = ys.weights[y]
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < ch; c++) {
        let acc = 0
        for (let k = 0; k < w.length; k++) acc += w[k] * rows[((ys.first[y] + k) * width + x) * ch + c]
        out[(y * width + x) * ch + c] = acc
      }
    }
  }
  return { width, height, channels: ch, data: out }
}

/** The low-resolution input of a high-resolution patch: bicubic, 1/scale per side (sides must divide). */
export function downscale(image: FloatImage, scale: number): FloatImage {
  if (image.width % scale !== 0 || image.height % scale !== 0) {
    throw new Error(`downscale: ${image.width}x${image.height} is not divisible by the scale ${scale}`)
  }
  return resizeBicubic(image, image.width / scale, image.height / scale)
}
