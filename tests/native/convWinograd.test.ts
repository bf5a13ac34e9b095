/**
 * The Winograd F(2x2, 3x3) kernels (native/conv_winograd.cc) against a float64 brute force: forward
 * (plain and fused with bias + relu), the input gradient (a forward Winograd convolution of dy that
 * reads the layer's filter flipped) and the filter gradient, over shapes that reach every part of
 * them: odd output sizes (half tiles at the bottom and right), 'same', 'valid' and asymmetric
 * explicit padding, an output-channel block shorter than 64, several tile blocks per thread, the
 * filter gradient's whole-batch products and its per-thread partial sums, and the input gradient of
 * a few-pixel layer (the flipped filter transposed in 16 x 16 blocks). Each case first checks the
 * paths convPaths() reports, so that a change in the path choice cannot leave a kernel untested.
 */
import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { loadNativeAddon, type ConvGeometry, type ConvPath } from '../../src/main/engine/native/addon'
import { recordSkip } from '../helpers/skip'
import { convGeometry, expectClose, randomArray, scoped, size, skipReason, use, type ConvPad } from './helpers'

interface Case {
  x: [number, number, number, number]
  outC: number
  pad: ConvPad
  /** The input gradient's path. */
  input: ConvPath
  why: string
}

const CASES: Case[] = [
  { x: [2, 31, 31, 64], outC: 64, pad: 'same', input: 'winograd', why: 'a ResNet-18 stage at 128 px: 31 px rows end in half tiles' },
  { x: [3, 9, 13, 32], outC: 80, pad: 'valid', input: 'winograd', why: "'valid' (7 x 11 outputs); 80 output channels: blocks of 64 and 16" },
  { x: [2, 10, 11, 16], outC: 16, pad: [[0, 0], [2, 0], [0, 2], [0, 0]], input: 'winograd', why: 'padding 2 above and 2 right only' },
  { x: [4, 96, 96, 16], outC: 16, pad: 'same', input: 'winograd', why: '9,216 tiles: many blocks per thread, and the filter gradient in per-thread partial sums' },
  { x: [8, 4, 4, 256], outC: 256, pad: 'same', input: 'winograd', why: 'few pixels, 256 x 256 channels: the input gradient transposes the flipped filter' },
]

function geometry(c: Case, outH: number, outW: number): ConvGeometry {
  return convGeometry(c.x, 3, c.outC, 1, c.pad, outH, outW)
}

function label(c: Case): string {
  return `[${c.x}] -> ${c.outC} ${typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)} (${c.why})`
}

/** tf.conv2d on the native backend: y, dx and dw of sum(y * r), and y fused with bias + relu. */
async function native(c: Case, inputs: Inputs): Promise<Float32Array[]> {
  await use('native')
  return scoped(() => {
    const x = tf.tensor4d(inputs.x, c.x)
    const w = tf.tensor4d(inputs.w, [3, 3, c.x[3], c.outC])
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 1, c.pad)
    const y = conv(x, w)
    const r = tf.tensor(inputs.r, y.shape)
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w])
    const fused = tf.fused.conv2d({ x, filter: w, strides: 1, pad: c.pad, bias: tf.tensor1d(inputs.bias), activation: 'relu' })
    return [y, gx, gw, fused].map((t) => t.dataSync() as Float32Array)
  })
}

interface Inputs {
  x: Float32Array
  w: Float32Array
  r: Float32Array
  bias: Float32Array
}

/**
 * The same four results by brute force in float64 (tfjs's cpu backend takes ~20 s for the larger
 * cases' gradients): for every output pixel, tap and channel pair, y += x w, dx += r w, dw += x r.
 */
function reference(c: Case, g: ConvGeometry, inputs: Inputs): Float64Array[] {
  const [batch, inH, inW, inC, outH, outW, outC, , , , , , , top, left] = g
  const { x, w, r, bias } = inputs
  const y = new Float64Array(batch * outH * outW * outC)
  const dx = new Float64Array(x.length)
  const dw = new Float64Array(w.length)
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++) {
        const o = ((b * outH + oy) * outW + ox) * outC
        for (let ky = 0; ky < 3; ky++) {
          const iy = oy + ky - top
          if (iy < 0 || iy >= inH) continue
          for (let kx = 0; kx < 3; kx++) {
            const ix = ox + kx - left
            if (ix < 0 || ix >= inW) continue
            const xi = ((b * inH + iy) * inW + ix) * inC
            const wt = (ky * 3 + kx) * inC * outC
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[xi + ci]
              const wr = wt + ci * outC
              let back = 0
              for (let k = 0; k < outC; k++) {
                y[o + k] += xv * w[wr + k]
                back += r[o + k] * w[wr + k]
                dw[wr + k] += xv * r[o + k]
              }
              dx[xi + ci] += back
            }
          }
        }
      }
  const fused = y.map((v, i) => Math.max(0, v + bias[i % outC]))
  return [y, dx, dw, fused]
}

const winograd = !skipReason && loadNativeAddon().info().winogradConv
const why = skipReason ?? 'this CPU has no AVX-512F (or BENCHTOP_CONV_DIRECT / BENCHTOP_CONV_WINOGRAD is 0): the Winograd kernels are not used here'
if (!winograd) recordSkip(why)

describe.skipIf(!winograd)('Winograd F(2x2, 3x3) convolutions against cpu', () => {
  it('take the Winograd path for every case (and the input gradient the one stated)', () => {
    const addon = loadNativeAddon()
    for (const c of CASES) {
      const y = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([3, 3, c.x[3], c.outC]) as tf.Tensor4D, 1, c.pad)
      const paths = addon.convPaths(geometry(c, y.shape[1], y.shape[2]))
      tf.dispose(y)
      expect(paths, label(c)).toEqual({ forward: 'winograd', input: c.input, filter: 'winograd' })
    }
  })

  it('leave what it does not serve to the other kernels', () => {
    const addon = loadNativeAddon()
    // [batch, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, dH, dW, padTop, padLeft]
    const paths = (g: ConvGeometry) => addon.convPaths(g)
    // 16 tiles (4 images of 4x4) do not repay transforming the filter.
    expect(paths([4, 4, 4, 32, 4, 4, 32, 3, 3, 1, 1, 1, 1, 1, 1]).forward).not.toBe('winograd')
    // Stride 2, 24 input channels (not a multiple of 16), a 5x5 filter, dilation 2.
    expect(paths([2, 16, 16, 32, 8, 8, 32, 3, 3, 2, 2, 1, 1, 0, 0]).forward).toBe('direct')
    expect(paths([2, 16, 16, 24, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1]).forward).toBe('direct')
    expect(paths([2, 16, 16, 32, 16, 16, 32, 5, 5, 1, 1, 1, 1, 2, 2]).forward).toBe('direct')
    expect(paths([2, 16, 16, 32, 12, 12, 32, 3, 3, 1, 1, 2, 2, 0, 0]).forward).not.toBe('winograd')
    // Few pixels (8 4x4 images) and 256 x 512 channels: the forward pass and the filter gradient
    // take Winograd, the input gradient stays one dcol product (transposing the flipped filter cost more).
    expect(paths([8, 4, 4, 256, 4, 4, 512, 3, 3, 1, 1, 1, 1, 1, 1])).toEqual({ forward: 'winograd', input: 'few-pixels', filter: 'winograd' })
    // The input gradient of a layer with 24 input channels is a convolution with 24 outputs.
    expect(paths([2, 16, 16, 24, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1]).input).not.toBe('winograd')
  })

  it('match forward, fused bias + relu, input gradient and filter gradient', async () => {
    let seed = 2400
    for (const c of CASES) {
      seed += 10
      const yShape = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([3, 3, c.x[3], c.outC]) as tf.Tensor4D, 1, c.pad).shape
      const g = geometry(c, yShape[1], yShape[2])
      const inputs: Inputs = {
        x: randomArray(size(c.x), seed),
        w: randomArray(9 * c.x[3] * c.outC, seed + 1),
        r: randomArray(size(yShape), seed + 3),
        bias: randomArray(c.outC, seed + 2),
      }
      const expected = reference(c, g, inputs)
      const actual = await native(c, inputs)
      // K products of values in [-1, 1) summed in float32 (sums of size ~sqrt(K) / 3, ~sqrt(K) ulps
      // off), and Winograd sums transformed values (sums of 2 to 16 of them) before transforming
      // back: atol K ulps of 1 (a filter gradient summed over 36,864 pixels, its values ~64 in size,
      // may be 4.4e-3 off; a mistake in a tile or a block is off by ~1).
      const [batch, h, w, inC] = c.x
      const atol = (terms: number) => Math.max(1e-5, terms * 2 ** -23)
      const atols = [atol(9 * inC), atol(9 * c.outC), atol(batch * h * w), atol(9 * inC)]
      ;['forward', 'dx', 'dw', 'fused forward'].forEach((what, i) => expectClose(actual[i], expected[i], `${label(c)} ${what}`, 1e-3, atols[i]))
    }
  }, 600_000) // a guard against a hang, not a speed check: the cpu reference alone takes up to 2 min on a busy 2-core machine
})
