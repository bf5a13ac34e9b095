/**
 * The native DepthwiseConv2dNative, its two gradient kernels and FusedDepthwiseConv2D against
 * tfjs's cpu backend: a grid over channel multiplier, kernel, stride, padding, dilation and batch
 * (as conv.test.ts does for Conv2D), the fused epilogues, and a CenterNet-sized layer.
 * Tolerance: rtol 1e-3, atol 1e-5.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { loadNativeAddon, type ConvGeometry } from '../../src/main/engine/native/addon'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'
import { expectFusedMatchesCpu, fusedRunner } from './fusedConvCases'

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]]

interface DepthwiseCase {
  batch: number
  channels: number
  multiplier: number
  k: number
  stride: number
  pad: Pad
  dilation: number
}

interface Result {
  y: Float32Array
  dx: Float32Array | null
  dw: Float32Array | null
  gradError: string | null
}

const H = 11
const W = 10

async function runDepthwise(backend: 'cpu' | 'native', c: DepthwiseCase, seed: number): Promise<Result> {
  await use(backend)
  return scoped(() => {
    const xShape: [number, number, number, number] = [c.batch, H, W, c.channels]
    const wShape: [number, number, number, number] = [c.k, c.k, c.channels, c.multiplier]
    const x = tf.tensor4d(randomArray(size(xShape), seed), xShape)
    const w = tf.tensor4d(randomArray(size(wShape), seed + 1), wShape)
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, c.stride, c.pad, 'NHWC', c.dilation)
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

function cases(): DepthwiseCase[] {
  const out: DepthwiseCase[] = []
  const explicit: Pad = [[0, 0], [1, 2], [2, 1], [0, 0]]
  for (const [channels, multiplier] of [[3, 1], [2, 3]])
    for (const k of [3, 5])
      for (const stride of [1, 2])
        for (const pad of ['valid', 'same', explicit] as Pad[])
          for (const dilation of [1, 2])
            for (const batch of [1, 3]) {
              if (stride > 1 && dilation > 1) continue // TF.js forbids it
              out.push({ batch, channels, multiplier, k, stride, pad, dilation })
            }
  return out
}

function label(c: DepthwiseCase): string {
  const pad = typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)
  return `${c.channels}x${c.multiplier} k${c.k} s${c.stride} pad ${pad} d${c.dilation} b${c.batch}`
}

describeNative('native depthwiseConv2d against cpu', () => {
  it('the native backend runs its own depthwise kernels, not the cpu ones', () => {
    for (const name of ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'FusedDepthwiseConv2D']) {
      expect(tf.getKernel(name, 'native')?.kernelFunc, name).not.toBe(tf.getKernel(name, 'cpu')?.kernelFunc)
    }
  })

  it('matches forward, input gradient and filter gradient over the grid', async () => {
    const grid = cases()
    expect(grid.length).toBe(72) // 96 combinations less the 24 with stride 2 and dilation 2
    let seed = 20
    for (const c of grid) {
      seed += 3
      const cpu = await runDepthwise('cpu', c, seed)
      const native = await runDepthwise('native', c, seed)
      const name = label(c)
      expectClose(native.y, cpu.y, `${name} forward`)
      if (c.dilation === 1) {
        expect(cpu.gradError, `${name} cpu gradient`).toBeNull()
        expectClose(native.dx!, cpu.dx!, `${name} dx`)
        expectClose(native.dw!, cpu.dw!, `${name} dw`)
      } else {
        // tfjs-core's depthwise gradient refuses dilation > 1 on every backend: the same error here.
        expect(cpu.gradError).toMatch(/dilation rates greater than 1/)
        expect(native.gradError).toBe(cpu.gradError)
      }
    }
  })

  it('a hand-computed value: an all-ones 3x3 input through per-channel 3x3 kernels of 1 and 2', async () => {
    await use('native')
    const y = scoped(() => {
      const x = tf.ones([1, 3, 3, 2]) as tf.Tensor4D
      const w = tf.tensor4d(Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? 1 : 2)), [3, 3, 2, 1])
      return Array.from(tf.depthwiseConv2d(x, w, 1, 'same').dataSync())
    })
    // Corner pixels see 4 taps, edges 6, the centre 9; channel 1's kernel is all twos.
    expect(y).toEqual([4, 8, 6, 12, 4, 8, 6, 12, 9, 18, 6, 12, 4, 8, 6, 12, 4, 8])
  })

  it('a CenterNet-sized layer (1x64x64x72, 5x5, stride 2) and its gradients', async () => {
    const results: Record<string, Float32Array[]> = {}
    for (const backend of ['cpu', 'native'] as const) {
      await use(backend)
      results[backend] = scoped(() => {
        const x = tf.tensor4d(randomArray(64 * 64 * 72, 601), [1, 64, 64, 72])
        const w = tf.tensor4d(randomArray(5 * 5 * 72, 602), [5, 5, 72, 1])
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')
        const y = f(x, w)
        const r = tf.tensor(randomArray(size(y.shape), 603), y.shape)
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w])
        return [y, dx, dw].map((t) => t.dataSync() as Float32Array)
      })
    }
    ;['y', 'dx', 'dw'].forEach((name, i) => expectClose(results.native[i], results.cpu[i], name))
  })

  it('the addon rejects a geometry whose outChannels is not a multiple of inChannels, and wrong lengths', () => {
    const addon = loadNativeAddon()
    // [batch, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, dH, dW, padTop, padLeft]
    const g: ConvGeometry = [1, 4, 4, 2, 2, 2, 4, 3, 3, 1, 1, 1, 1, 0, 0]
    const x = new Float32Array(32)
    const w = new Float32Array(3 * 3 * 4)
    const y = new Float32Array(2 * 2 * 4)
    expect(() => addon.depthwiseConv2d(x, w, null, y, g, 0, 0)).not.toThrow()
    const odd = [...g] as ConvGeometry
    odd[6] = 3
    expect(() => addon.depthwiseConv2d(x, new Float32Array(27), null, new Float32Array(12), odd, 0, 0)).toThrow(/multiple of inChannels/)
    expect(() => addon.depthwiseConv2d(x, w.subarray(1), null, y, g, 0, 0)).toThrow(/filter has 35 elements, expected 36/)
    expect(() => addon.depthwiseConv2dBackpropInput(y, w, x.subarray(1), g)).toThrow(/dx has 31 elements/)
    expect(() => addon.depthwiseConv2dBackpropFilter(x, y, new Float32Array(5), g)).toThrow(/dw has 5 elements/)
    expect(() => addon.depthwiseConv2d(x, w, null, x.subarray(0, 16), g, 0, 0)).toThrow(/overlaps x/)
  })
})

describeNative('native fused depthwiseConv2d against cpu', () => {
  const run = fusedRunner(tf.fused.depthwiseConv2d, [2, 9, 8, 4], [3, 3, 4, 2], 8, 81)
  it('bias + relu6 (MobileNet blocks), forward and gradients', () => expectFusedMatchesCpu(run, 'relu6', 'main'))
  it('every activation and bias shape', () => expectFusedMatchesCpu(run, 'relu6', 'epilogues'))
})
