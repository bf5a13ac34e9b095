/**
 * The native Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter and FusedConv2D kernels against
 * tfjs's cpu backend: a grid over channels, kernel, stride, padding, dilation and batch, plus the
 * seed's two checks (experiments.md §6). Tolerance: rtol 1e-3, atol 1e-5.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'
import { convGradGrid, expectConvGridMatchesCpu } from './convGradCases'
import { expectFusedMatchesCpu, fusedRunner } from './fusedConvCases'

describeNative('native conv2d against cpu', () => {
  it('matches forward, input gradient and filter gradient over the grid', async () => {
    const grid = convGradGrid([[3, 6], [2, 2]])
    expect(grid.length).toBe(72) // 96 combinations less the 24 with stride 2 and dilation 2
    await expectConvGridMatchesCpu(tf.conv2d, grid, 10, (c) => `${c.inC}->${c.filterOut}`)
  })

  it('seed check (a): an all-ones 1x3x3 input through an all-ones 3x3 kernel', async () => {
    const results: Record<string, Float32Array[]> = {}
    for (const backend of ['cpu', 'native'] as const) {
      await use(backend)
      results[backend] = scoped(() => {
        const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D
        const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D
        return [tf.conv2d(x, w, 1, 'valid').dataSync() as Float32Array, tf.conv2d(x, w, 1, 'same').dataSync() as Float32Array]
      })
    }
    expect(Array.from(results.native[0])).toEqual([9])
    expect(Array.from(results.native[1])).toEqual([4, 6, 4, 6, 9, 6, 4, 6, 4])
    expectClose(results.native[0], results.cpu[0], 'valid')
    expectClose(results.native[1], results.cpu[1], 'same')
  })

  it('seed check (b): a random [1,50,50,3] input through a 3->4 3x3 conv with bias', async () => {
    const results: Record<string, Float32Array[]> = {}
    for (const backend of ['cpu', 'native'] as const) {
      await use(backend)
      results[backend] = scoped(() => {
        const x = tf.tensor4d(randomArray(50 * 50 * 3, 501), [1, 50, 50, 3])
        const w = tf.tensor4d(randomArray(3 * 3 * 3 * 4, 502), [3, 3, 3, 4])
        const bias = tf.tensor1d(randomArray(4, 503))
        const out: Float32Array[] = []
        for (const pad of ['valid', 'same'] as const) {
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
            tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 1, pad, bias: c })
          const y = f(x, w, bias)
          const r = tf.tensor(randomArray(size(y.shape), 504), y.shape)
          const [dx, dw, db] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c), r)))([x, w, bias])
          // The unfused op too: Conv2D plus an Add.
          const unfused = tf.add(tf.conv2d(x, w, 1, pad), bias)
          out.push(...[y, dx, dw, db, unfused].map((t) => t.dataSync() as Float32Array))
        }
        return out
      })
    }
    const names = ['y', 'dx', 'dw', 'dbias', 'unfused y']
    results.cpu.forEach((expected, i) => expectClose(results.native[i], expected, `${i < 5 ? 'valid' : 'same'} ${names[i % 5]}`))
  })
})

describeNative('native fusedConv2d against cpu', () => {
  const run = fusedRunner(tf.fused.conv2d, [2, 9, 8, 3], [3, 3, 3, 5], 5, 71)
  it('bias + relu, forward and gradients', () => expectFusedMatchesCpu(run, 'relu', 'main'))
  it('every activation and bias shape', () => expectFusedMatchesCpu(run, 'relu', 'epilogues'))
})

describeNative('native conv2d with few output pixels against a large filter (a ResNet\'s last stages)', () => {
  // Fewer output pixels than output channels (forward) or patch values (filter gradient): the
  // batch's im2col matrix is built once and the product split over the filter's side.
  it('matches forward (bias, relu), input gradient and filter gradient', async () => {
    const shapes: [number[], number, number, number, 'same' | 'valid'][] = [
      // x shape, k, outC, stride, pad
      [[3, 2, 2, 40], 3, 48, 1, 'same'],
      [[2, 4, 4, 24], 3, 32, 2, 'same'],
      [[4, 3, 2, 20], 3, 40, 1, 'valid'],
      [[1, 1, 1, 64], 3, 80, 1, 'same'],
      // Large enough (64 pixels x 2304 patch values) that the im2col matrix is built by both threads.
      [[16, 2, 2, 256], 3, 80, 1, 'same'],
    ]
    let seed = 700
    for (const [xShape, k, outC, stride, pad] of shapes) {
      seed += 5
      const results: Record<string, Float32Array[]> = {}
      for (const backend of ['cpu', 'native'] as const) {
        await use(backend)
        results[backend] = scoped(() => {
          const x = tf.tensor4d(randomArray(size(xShape), seed), xShape as [number, number, number, number])
          const w = tf.tensor4d(randomArray(k * k * xShape[3] * outC, seed + 1), [k, k, xShape[3], outC])
          const bias = tf.tensor1d(randomArray(outC, seed + 2))
          const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, stride, pad)
          const y = conv(x, w)
          const r = tf.tensor(randomArray(size(y.shape), seed + 3), y.shape)
          const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w])
          const fused = tf.fused.conv2d({ x, filter: w, strides: stride, pad, bias, activation: 'relu' })
          return [y, gx, gw, fused].map((t) => t.dataSync() as Float32Array)
        })
      }
      const name = `[${xShape}] k${k} -> ${outC} s${stride} ${pad}`
      ;['forward', 'dx', 'dw', 'fused forward'].forEach((what, i) => expectClose(results.native[i], results.cpu[i], `${name} ${what}`))
    }
  })
})

describeNative('native 1x1 convolutions (the BLAS path) against cpu', () => {
  it('matches over channel counts around the 16-channel blocks, odd pixel counts, bias and activations', async () => {
    // [K, N]: MobileNet-like expand/project shapes, odd and tiny ones.
    const shapes = [[3, 4], [16, 16], [17, 33], [40, 80], [128, 4], [96, 128], [130, 100]]
    const activations: Array<tf.fused.Activation | undefined> = [undefined, 'relu6', 'sigmoid']
    let seed = 900
    for (const [k, n] of shapes)
      for (const activation of activations) {
        seed += 4
        const results: Record<string, Float32Array> = {}
        for (const backend of ['cpu', 'native'] as const) {
          await use(backend)
          results[backend] = scoped(() => {
            const x = tf.tensor4d(randomArray(2 * 7 * 5 * k, seed), [2, 7, 5, k])
            const w = tf.tensor4d(randomArray(k * n, seed + 1), [1, 1, k, n])
            const bias = activation ? tf.tensor1d(randomArray(n, seed + 2)) : undefined
            return tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', bias, activation }).dataSync() as Float32Array
          })
        }
        expectClose(results.native, results.cpu, `1x1 ${k}->${n} ${activation ?? 'plain'}`)
      }
  })
})
