/**
 * PSNR and SSIM as super-resolution papers report them: on the luma (Y) channel of ITU-R BT.601 in
 * [16, 235] (MATLAB's rgb2ycbcr), with `scale` pixels cropped from every border. SSIM is Wang et
 * al.'s: an 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, population covariances, the
 * local statistics filtered with reflected borders and averaged over the interior, as
 * scikit-image's `structural_similarity(gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255)` computes it. Pure.
 */
import type { FloatImage } from './bicubic'

/** A one-channel image in [0, 255]. */
export interface Plane {
  width: number
  height: number
  data: Float64Array
}

/** Y of an RGB image in [0, 1]: 16 + 65.481 R + 128.553 G + 24.966 B (grey images: the same with R = G = B). */
export function luma(image: FloatImage): Plane {
  const { width, height, channels, data } = image
  const y = new Float64Array(width * height)
  for (let p = 0; p < width * height; p++) {
    const r = data[p * channels]
    const g = channels >= 3 ? data[p * channels + 1] : r
    const b = channels >= 3 ? data[p * channels + 2] : r
    y[p] = 16 + 65.481 * r + 128.553 * g + 24.966 * b
  }
  return { width, height, data: y }
}

/** The plane without `border` pixels on each side. */
export function cropBorder(plane: Plane, border: number): Plane {
  const width = plane.width - 2 * border
  const height = plane.height - 2 * border
  if (width < 1 || height < 1) throw new Error(`cropBorder: a ${plane.width}x${plane.height} image has nothing left after cropping ${border} px`)
  const data = new Float64Array(width * height)
  for (let y = 0; y < height; y++) data.set(plane.data.subarray((y + border) * plane.width + border, (y + border) * plane.width + border + width), y * width)
  return { width, height, data }
}

function sameSize(a: Plane, b: Plane): void {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`images differ in size: ${a.width}x${a.height} vs ${b.width}x${b.height}`)
}

/** Peak signal-to-noise ratio in dB for values in [0, dataRange]; Infinity for identical planes. */
export function psnr(a: Plane, b: Plane, dataRange = 255): number {
  sameSize(a, b)
  let se = 0
  for (let i = 0; i < a.data.length; i++) se += (a.data[i] - b.data[i]) ** 2
  const mse = se / a.data.length
  return mse === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / mse)
}

const SIGMA = 1.5
/** scipy's gaussian_filter with truncate = 3.5: radius int(3.5 * 1.5 + 0.5) = 5, an 11-tap window. */
const RADIUS = Math.trunc(3.5 * SIGMA + 0.5)

function gaussianTaps(): Float64Array {
  const taps = new Float64Array(2 * RADIUS + 1)
  let sum = 0
  for (let i = -RADIUS; i <= RADIUS; i++) sum += taps[i + RADIUS] = Math.exp((-0.5 * i * i) / (SIGMA * SIGMA))
  for (let i = 0; i < taps.length; i++) taps[i] /= sum
  return taps
}

/** scipy.ndimage's 'reflect' border (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  const period = 2 * n
  let k = ((i % period) + period) % period
  return k < n ? k : period - 1 - k
}

/** Separable Gaussian filter of a plane with reflected borders. */
function gaussianFilter(src: Float64Array, width: number, height: number, taps: Float64Array): Float64Array {
  const tmp = new Float64Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0
      for (let k = -RADIUS; k <= RADIUS; k++) acc += taps[k + RADIUS] * src[y * width + reflect(x + k, width)]
      tmp[y * width + x] = acc
    }
  }
  const out = new Float64Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0
      for (let k = -RADIUS; k <= RADIUS; k++) acc += taps[k + RADIUS] * tmp[reflect(y + k, height) * width + x]
      out[y * width + x] = acc
    }
  }
  return out
}

/** Mean structural similarity of two planes with values in [0, dataRange]. */
export function ssim(a: Plane, b: Plane, dataRange = 255): number {
  sameSize(a, b)
  const { width, height } = a
  if (width < 2 * RADIUS + 1 || height < 2 * RADIUS + 1) throw new Error(`ssim needs at least ${2 * RADIUS + 1}x${2 * RADIUS + 1} px, got ${width}x${height}`)
  const taps = gaussianTaps()
  const n = width * height
  const ab = new Float64Array(n)
  const aa = new Float64Array(n)
  const bb = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    ab[i] = a.data[i] * b.data[i]
    aa[i] = a.data[i] * a.data[i]
    bb[i] = b.data[i] * b.data[i]
  }
  const [ux, uy, uxx, uyy, uxy] = [a.data, b.data, aa, bb, ab].map((p) => gaussianFilter(p, width, height, taps))
  const c1 = (0.01 * dataRange) ** 2
  const c2 = (0.03 * dataRange) ** 2
  let sum = 0
  let count = 0
  // The interior: scikit-image leaves out (window - 1) / 2 pixels on each side before averaging.
  for (let y = RADIUS; y < height - RADIUS; y++) {
    for (let x = RADIUS; x < width - RADIUS; x++) {
      const i = y * width + x
      const vx = uxx[i] - ux[i] * ux[i]
      const vy = uyy[i] - uy[i] * uy[i]
      const vxy = uxy[i] - ux[i] * uy[i]
      sum += ((2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)) / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2))
      count++
    }
  }
  return sum / count
}

/** PSNR and SSIM of a result against the reference, as SR papers report them (Y, border = scale). */
export function srQuality(result: FloatImage, reference: FloatImage, scale: number): { psnr: number; ssim: number } {
  const a = cropBorder(luma(result), scale)
  const b = cropBorder(luma(reference), scale)
  return { psnr: psnr(a, b), ssim: ssim(a, b) }
}
