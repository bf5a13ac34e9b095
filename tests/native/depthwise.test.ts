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
import { convGradGrid, expectConvGridMatchesCpu } from './convGradCases'
import { expectFusedMatchesCpu, fusedRunner } from './fusedConvCases'

describeNative('native depthwiseConv2d against cpu', () => {
  it('the native backend runs its own depthwise kernels, not the cpu ones', () => {
    for (const name of ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'FusedDepthwiseConv2D']) {
      expect(tf.getKernel(name, 'native')?.kernelFunc, name).not.toBe(tf.getKernel(name, 'cpu')?.kernelFunc)
    }
  })

  it('matches forward, input gradient and filter gradient over the grid', async () => {
    const grid = convGradGrid([[3, 1], [2, 3]])
    expect(grid.length).toBe(72) // 96 combinations less the 24 with stride 2 and dilation 2
    await expectConvGridMatchesCpu(tf.depthwiseConv2d, grid, 20, (c) => `${c.inC}x${c.filterOut}`)
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
