/**
 * A speed sanity print, not an assertion: GFLOP/s of a 3x3 64->64 convolution on [8,32,32,64],
 * forward and both gradients on native, forward only on cpu (its backward is far too slow).
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { nativeInfo } from '../../src/main/engine/native'
import { describeNative, use } from './helpers'

const X: [number, number, number, number] = [8, 32, 32, 64]
const W: [number, number, number, number] = [3, 3, 64, 64]
const FLOPS = 2 * 8 * 32 * 32 * 64 * 3 * 3 * 64 // per pass: forward, input gradient and filter gradient alike

/** Runs fn and reads its result (returning nothing from tidy: it would walk a returned typed array). */
function once(fn: () => tf.Tensor): void {
  tf.tidy(() => {
    fn().dataSync()
  })
}

/** Seconds of the best of `repeats` runs (the machine may be shared: the best is the least disturbed). */
function time(fn: () => tf.Tensor, repeats: number): number {
  once(fn) // warm up
  let best = Infinity
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    once(fn)
    best = Math.min(best, performance.now() - start)
  }
  return best / 1000
}

describeNative('native conv2d speed', () => {
  it('prints GFLOP/s of a 3x3 64->64 conv on [8,32,32,64]', { timeout: 120_000 }, async () => {
    const lines: string[] = []
    const gflops = (seconds: number) => (FLOPS / seconds / 1e9).toFixed(2)
    await use('native')
    const x = tf.randomUniform(X, -1, 1, 'float32', 1) as tf.Tensor4D
    const w = tf.randomUniform(W, -1, 1, 'float32', 2) as tf.Tensor4D
    const dy = tf.randomUniform([8, 32, 32, 64], -1, 1, 'float32', 3) as tf.Tensor4D
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' }
    const forward = time(() => tf.conv2d(x, w, 1, 'same'), 10)
    const input = time(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: X }) as tf.Tensor, 10)
    const filter = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: W }) as tf.Tensor, 10)
    const info = nativeInfo()
    lines.push(`native (${info.blas}${info.blasCore ? ` ${info.blasCore}` : ''}, ${info.threads} threads): forward ${gflops(forward)} GFLOP/s (${(forward * 1000).toFixed(1)} ms), input gradient ${gflops(input)} GFLOP/s (${(input * 1000).toFixed(1)} ms), filter gradient ${gflops(filter)} GFLOP/s (${(filter * 1000).toFixed(1)} ms)`)
    tf.dispose([x, w, dy])

    await use('cpu')
    const xc = tf.randomUniform(X, -1, 1, 'float32', 1) as tf.Tensor4D
    const wc = tf.randomUniform(W, -1, 1, 'float32', 2) as tf.Tensor4D
    const start = performance.now()
    once(() => tf.conv2d(xc, wc, 1, 'same'))
    const cpuForward = (performance.now() - start) / 1000
    lines.push(`cpu: forward ${gflops(cpuForward)} GFLOP/s (${(cpuForward * 1000).toFixed(0)} ms); native forward is ${(cpuForward / forward).toFixed(0)}x faster`)
    tf.dispose([xc, wc])
    console.log(lines.join('\n'))
    expect(forward).toBeGreaterThan(0)
  })
})
