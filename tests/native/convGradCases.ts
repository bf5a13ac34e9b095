/**
 * The cpu-vs-native grid conv.test.ts and depthwise.test.ts share: one convolution op (tf.conv2d or
 * tf.depthwiseConv2d) over channels, kernel, stride, padding, dilation and batch, forward and the
 * gradients of sum(y * r) with respect to x and the filter, on cpu and on native.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect } from 'vitest'
import { expectClose, randomArray, scoped, size, use, type ConvPad } from './helpers'

/**
 * One point of the grid. The filter is [k, k, inC, filterOut]: filterOut is the output channel
 * count for conv2d and the channel multiplier for depthwiseConv2d.
 */
export interface ConvGradCase {
  batch: number
  inC: number
  filterOut: number
  k: number
  stride: number
  pad: ConvPad
  dilation: number
}

interface ConvGradResult {
  y: Float32Array
  dx: Float32Array | null
  dw: Float32Array | null
  gradError: string | null
}

/** tf.conv2d or tf.depthwiseConv2d, NHWC, on 4-D tensors. */
export type ConvGradOp = (x: tf.Tensor4D, filter: tf.Tensor4D, strides: number, pad: ConvPad, dataFormat: 'NHWC', dilations: number) => tf.Tensor4D

const H = 11
const W = 10

async function runConvGrad(op: ConvGradOp, backend: 'cpu' | 'native', c: ConvGradCase, seed: number): Promise<ConvGradResult> {
  await use(backend)
  return scoped(() => {
    const xShape: [number, number, number, number] = [c.batch, H, W, c.inC]
    const wShape: [number, number, number, number] = [c.k, c.k, c.inC, c.filterOut]
    const x = tf.tensor4d(randomArray(size(xShape), seed), xShape)
    const w = tf.tensor4d(randomArray(size(wShape), seed + 1), wShape)
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => op(a, b, c.stride, c.pad, 'NHWC', c.dilation)
    const y = conv(x, w)
    const r = tf.tensor(randomArray(size(y.shape), seed + 2), y.shape)
    let dx: Float32Array | null = null
    let dw: Float32Array | null = null
    let gradError: string | null = null
    try {
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w])
      dx = gx.dataSync() as Float32Array
      dw = gw.dataSync() as Float32Array
    } catch (error) {
      gradError = (error as Error).message
    }
    return { y: y.dataSync() as Float32Array, dx, dw, gradError }
  })
}

/**
 * The grid for the given [inC, filterOut] pairs: kernel 3 and 5, stride 1 and 2, valid, same and
 * an explicit padding, dilation 1 and 2, batch 1 and 3, less stride 2 with dilation 2.
 */
export function convGradGrid(channels: [number, number][]): ConvGradCase[] {
  const out: ConvGradCase[] = []
  const explicit: ConvPad = [[0, 0], [1, 2], [2, 1], [0, 0]]
  for (const [inC, filterOut] of channels)
    for (const k of [3, 5])
      for (const stride of [1, 2])
        for (const pad of ['valid', 'same', explicit] as ConvPad[])
          for (const dilation of [1, 2])
            for (const batch of [1, 3]) {
              if (stride > 1 && dilation > 1) continue // TF.js forbids it
              out.push({ batch, inC, filterOut, k, stride, pad, dilation })
            }
  return out
}

/**
 * Native equals cpu at every point of the grid: the forward values, and where dilation is 1 both
 * gradients. tfjs-core's Conv2D and depthwise gradients refuse dilation > 1 on every backend, so
 * there native must throw the same error as cpu. Seeds run firstSeed + 3, + 6, ...;
 * channelLabel names a case's channels in failure messages.
 */
export async function expectConvGridMatchesCpu(
  op: ConvGradOp,
  grid: ConvGradCase[],
  firstSeed: number,
  channelLabel: (c: ConvGradCase) => string,
): Promise<void> {
  let seed = firstSeed
  for (const c of grid) {
    seed += 3
    const cpu = await runConvGrad(op, 'cpu', c, seed)
    const native = await runConvGrad(op, 'native', c, seed)
    const pad = typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)
    const name = `${channelLabel(c)} k${c.k} s${c.stride} pad ${pad} d${c.dilation} b${c.batch}`
    expectClose(native.y, cpu.y, `${name} forward`)
    if (c.dilation === 1) {
      expect(cpu.gradError, `${name} cpu gradient`).toBeNull()
      expectClose(native.dx!, cpu.dx!, `${name} dx`)
      expectClose(native.dw!, cpu.dw!, `${name} dw`)
    } else {
      expect(cpu.gradError).toMatch(/dilation rates greater than 1/)
      expect(native.gradError).toBe(cpu.gradError)
    }
  }
}
