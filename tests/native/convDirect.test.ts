/**
 * The direct AVX-512 convolution kernels (native/conv_direct.cc) against tfjs's cpu backend:
 * forward (plain and fused with bias + relu), the input gradient (at stride 1 a forward convolution
 * of dy) and the filter gradient, over shapes that reach every part of them: 6-pixel tiles across rows and
 * images and a short last tile, input channels below, between and above the 6-channel and 256-channel blocks,
 * an output-channel block shorter than 64, 'same', 'valid' and asymmetric explicit padding (windows
 * wholly in the padding), 2x2, 5x5 and 7x7 filters, strides 1 and 2. Each case first checks that the kernel really takes
 * the direct path, so that a change in the path choice cannot leave the kernels untested.
 */
import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { loadNativeAddon, type ConvGeometry } from '../../src/main/engine/native/addon'
import { recordSkip } from '../helpers/skip'
import { convGeometry, expectClose, randomArray, scoped, size, skipReason, use, type ConvPad } from './helpers'

interface Case {
  x: [number, number, number, number]
  k: number
  outC: number
  pad: ConvPad
  stride?: number
  /**
   * The filter gradient's path: few pixels for their patch take the whole-batch im2col, and fewer
   * than 6 input channels the banded im2col.
   */
  filter: 'direct' | 'few-pixels' | 'im2col'
}

const CASES: Case[] = [
  // 13 px rows: tiles of 5, 4, 4; 20 input channels: blocks of 6, 6, 6, 2.
  { x: [2, 9, 13, 20], k: 3, outC: 32, pad: 'same', filter: 'direct' },
  // 80 output channels: one block of 64 and one of 16 (24 input channels: not Winograd's multiple of 16).
  { x: [3, 9, 8, 24], k: 3, outC: 80, pad: 'same', filter: 'direct' },
  // 3 input channels, 5x5, no padding.
  { x: [2, 12, 11, 3], k: 5, outC: 48, pad: 'valid', filter: 'im2col' },
  // 300 input channels: two passes over the filter block (256 + 44).
  { x: [2, 6, 17, 300], k: 3, outC: 16, pad: 'same', filter: 'few-pixels' },
  // An even filter: 'same' pads 0 before and 1 after.
  { x: [2, 9, 10, 16], k: 2, outC: 32, pad: 'same', filter: 'direct' },
  // Asymmetric explicit padding up to k - 1: corner windows lie wholly in the padding.
  { x: [2, 10, 11, 10], k: 3, outC: 16, pad: [[0, 0], [2, 0], [0, 2], [0, 0]], filter: 'direct' },
  // 64 channels at 31 px rows, 5x5 (a ResNet's 3x3 stride-1 layers take Winograd: convWinograd.test.ts).
  { x: [2, 31, 31, 64], k: 5, outC: 64, pad: 'same', filter: 'direct' },
  // Stride 2: a ResNet stage's first convolution, an odd size, and a stem-like 7x7 on 3 channels.
  { x: [2, 23, 24, 24], k: 3, outC: 32, pad: 'same', stride: 2, filter: 'direct' },
  { x: [2, 25, 21, 16], k: 3, outC: 16, pad: 'valid', stride: 2, filter: 'direct' },
  { x: [3, 24, 22, 3], k: 7, outC: 64, pad: 'same', stride: 2, filter: 'im2col' },
]

function geometry(c: Case, outH: number, outW: number): ConvGeometry {
  return convGeometry(c.x, c.k, c.outC, c.stride ?? 1, c.pad, outH, outW)
}

function label(c: Case): string {
  return `[${c.x}] k${c.k} s${c.stride ?? 1} -> ${c.outC} ${typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)}`
}

async function run(backend: 'cpu' | 'native', c: Case, seed: number): Promise<Float32Array[]> {
  await use(backend)
  return scoped(() => {
    const x = tf.tensor4d(randomArray(size(c.x), seed), c.x)
    const w = tf.tensor4d(randomArray(c.k * c.k * c.x[3] * c.outC, seed + 1), [c.k, c.k, c.x[3], c.outC])
    const bias = tf.tensor1d(randomArray(c.outC, seed + 2))
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, c.stride ?? 1, c.pad)
    const y = conv(x, w)
    const r = tf.tensor(randomArray(size(y.shape), seed + 3), y.shape)
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w])
    const fused = tf.fused.conv2d({ x, filter: w, strides: c.stride ?? 1, pad: c.pad, bias, activation: 'relu' })
    return [y, gx, gw, fused].map((t) => t.dataSync() as Float32Array)
  })
}

const direct = !skipReason && loadNativeAddon().info().directConv
const why = skipReason ?? 'this CPU has no AVX-512F (or BENCHTOP_CONV_DIRECT=0): the direct kernels are not used here'
if (!direct) recordSkip(why)

describe.skipIf(!direct)('direct AVX-512 convolutions against cpu', () => {
  it('take the direct path for every case', () => {
    const addon = loadNativeAddon()
    for (const c of CASES) {
      const y = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([c.k, c.k, c.x[3], c.outC]) as tf.Tensor4D, c.stride ?? 1, c.pad)
      const { forward, filter } = addon.convPaths(geometry(c, y.shape[1], y.shape[2]))
      tf.dispose(y)
      expect({ forward, filter }, label(c)).toEqual({ forward: 'direct', filter: c.filter })
    }
  })

  it('leave inputs whose padded copy would pass 64 MB to im2col (no second input-sized array)', () => {
    const addon = loadNativeAddon()
    // [batch, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, dH, dW, padTop, padLeft]
    const big: ConvGeometry = [1, 1024, 1024, 16, 1024, 1024, 16, 5, 5, 1, 1, 1, 1, 2, 2] // 1028^2 x 16 = 16.9M floats
    const below: ConvGeometry = [1, 1000, 1000, 16, 1000, 1000, 16, 5, 5, 1, 1, 1, 1, 2, 2] // 1004^2 x 16 = 16.1M
    expect(addon.convPaths(big).forward).toBe('im2col')
    expect(addon.convPaths(below).forward).toBe('direct')
  })

  it('match forward, fused bias + relu, input gradient and filter gradient', async () => {
    let seed = 1200
    for (const c of CASES) {
      seed += 10
      const cpu = await run('cpu', c, seed)
      const native = await run('native', c, seed)
      // Each value sums K products of values in [-1, 1) in float32, in another order than cpu's:
      // the two roundings differ by ~sqrt(K) ulps of sums of size ~sqrt(K) / 3, which a result
      // near 0 meets with atol alone. K: k * k * channels (forward, dx), the pixels (dw).
      const [batch, h, w, inC] = c.x
      const atol = (terms: number) => (terms > 1000 ? 1e-4 : 1e-5)
      const atols = [atol(c.k * c.k * inC), atol(c.k * c.k * c.outC), atol(batch * h * w), atol(c.k * c.k * inC)]
      ;['forward', 'dx', 'dw', 'fused forward'].forEach((what, i) => expectClose(native[i], cpu[i], `${label(c)} ${what}`, 1e-3, atols[i]))
    }
  }, 600_000) // a guard against a hang, not a speed check: the cpu reference alone takes up to 2 min on a busy 2-core machine
})
