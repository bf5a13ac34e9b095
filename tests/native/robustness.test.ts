/** Bad input gives a JS error or the cpu backend's result, never a crash. */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { loadNativeAddon, type ConvGeometry } from '../../src/main/engine/native/addon'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

async function onBoth<T>(fn: () => T): Promise<{ cpu: T | Error; native: T | Error }> {
  const out: Record<string, T | Error> = {}
  for (const backend of ['cpu', 'native'] as const) {
    await use(backend)
    try {
      out[backend] = scoped(fn)
    } catch (error) {
      out[backend] = error as Error
    }
  }
  return { cpu: out.cpu, native: out.native }
}

// [batch, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, dH, dW, padTop, padLeft]
const GEOMETRY: ConvGeometry = [1, 4, 4, 2, 2, 2, 3, 3, 3, 1, 1, 1, 1, 0, 0]

describeNative('native kernels on bad input', () => {
  it('mismatched channels: a JS error from the op and from the kernel itself', async () => {
    await use('native')
    const x = tf.zeros([1, 5, 5, 3]) as tf.Tensor4D
    const w = tf.zeros([3, 3, 4, 2]) as tf.Tensor4D
    expect(() => tf.conv2d(x, w, 1, 'same')).toThrow(/depth of input \(3\) must match input depth for filter 4/)
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 }
    expect(() => tf.engine().runKernel('Conv2D', { x, filter: w }, attrs)).toThrow(/depth of input \(3\) must match/)
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: tf.zeros([1, 5, 5, 2]) }, { ...attrs, filterShape: [3, 3, 4, 2] })).toThrow(
      /depth of input 3\) must match input depth in filter \(4/,
    )
    expect(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.zeros([1, 5, 5, 3]), filter: w }, { ...attrs, inputShape: [1, 5, 5, 4] })).toThrow(
      /depth of output \(3\) must match output depth for filter 2/,
    )
    expect(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow(/inner shapes \(3\) and \(4\)/)
    // Batches that broadcast to more products than either side has: the cpu kernel returns a
    // malformed tensor here; native refuses.
    expect(() => tf.matMul(tf.zeros([2, 1, 3, 4]), tf.zeros([1, 3, 4, 5]))).toThrow(/broadcast to \[2,3\]/)
    tf.dispose([x, w])
  })

  it('NaN inputs propagate as NaN, where the cpu backend puts them', async () => {
    const xData = randomArray(2 * 7 * 6 * 3, 31)
    xData[5] = NaN
    xData[100] = NaN
    const wData = randomArray(3 * 3 * 3 * 4, 32)
    const result = await onBoth(() => {
      const x = tf.tensor4d(xData, [2, 7, 6, 3])
      const w = tf.tensor4d(wData, [3, 3, 3, 4])
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(f(a, b)))([x, w])
      const nanFilter = tf.conv2d(x, tf.fill([3, 3, 3, 4], NaN) as tf.Tensor4D, 1, 'valid')
      const product = tf.matMul(tf.tensor2d([1, NaN, 3, 4], [2, 2]), tf.tensor2d([1, 2, 3, 4], [2, 2]))
      return [f(x, w), dx, dw, nanFilter, product].map((t) => t.dataSync() as Float32Array)
    })
    if (result.cpu instanceof Error) throw result.cpu
    if (result.native instanceof Error) throw result.native
    const y = result.native[0]
    expect(y.some((v) => Number.isNaN(v))).toBe(true)
    expect(y.some((v) => !Number.isNaN(v))).toBe(true)
    expect(result.native[3].every((v) => Number.isNaN(v))).toBe(true)
    ;['y', 'dx', 'dw', 'NaN filter', 'matMul'].forEach((name, i) => expectClose((result.native as Float32Array[])[i], (result.cpu as Float32Array[])[i], name))
  })

  it('a zero-size batch gives empty results and a zero filter gradient', async () => {
    const result = await onBoth(() => {
      const x = tf.zeros([0, 5, 5, 3]) as tf.Tensor4D
      const w = tf.tensor4d(randomArray(3 * 3 * 3 * 2, 41), [3, 3, 3, 2])
      const y = tf.conv2d(x, w, 1, 'same')
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w])
      const fused = tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', bias: tf.ones([2]), activation: 'relu' })
      return { shapes: [y.shape, dx.shape, dw.shape, fused.shape], dw: Array.from(dw.dataSync()) }
    })
    if (result.native instanceof Error) throw result.native
    expect(result.native).toEqual(result.cpu)
    expect(result.native.shapes).toEqual([[0, 5, 5, 2], [0, 5, 5, 3], [3, 3, 3, 2], [0, 3, 3, 2]])
    expect(result.native.dw.every((v) => v === 0)).toBe(true)
  })

  it('a kernel larger than its input behaves as on cpu', async () => {
    const result = await onBoth(() => {
      const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D
      const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D
      return [tf.conv2d(x, w, 1, 'same'), tf.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [0, 0]])].map((t) => Array.from(t.dataSync()))
    })
    expect(result.native).toEqual(result.cpu)
  })

  it('the addon rejects wrong lengths, types, geometry and aliasing with an Error', () => {
    const addon = loadNativeAddon()
    const x = new Float32Array(size([1, 4, 4, 2]))
    const w = new Float32Array(size([3, 3, 2, 3]))
    const y = new Float32Array(size([1, 2, 2, 3]))
    expect(() => addon.conv2d(x, w, null, y, GEOMETRY, 0, 0)).not.toThrow()
    expect(() => addon.conv2d(x.subarray(1), w, null, y, GEOMETRY, 0, 0)).toThrow(/x has 31 elements, expected 32/)
    expect(() => addon.conv2d(x, w, null, new Float32Array(11), GEOMETRY, 0, 0)).toThrow(/y has 11 elements/)
    expect(() => addon.conv2d(x, w, new Float32Array(2), y, GEOMETRY, 0, 0)).toThrow(/bias has 2 elements/)
    expect(() => addon.conv2d(new Float64Array(32) as unknown as Float32Array, w, null, y, GEOMETRY, 0, 0)).toThrow(/x must be a Float32Array/)
    expect(() => addon.conv2d(x, w, null, y, GEOMETRY.slice(0, 14) as unknown as ConvGeometry, 0, 0)).toThrow(/15 integers/)
    const badStride = [...GEOMETRY] as ConvGeometry
    badStride[9] = 0
    expect(() => addon.conv2d(x, w, null, y, badStride, 0, 0)).toThrow(/strideHeight/)
    const fractional = [...GEOMETRY] as ConvGeometry
    fractional[1] = 4.5
    expect(() => addon.conv2d(x, w, null, y, fractional, 0, 0)).toThrow(/inHeight/)
    const huge = [...GEOMETRY] as ConvGeometry
    huge[0] = 2 ** 31
    huge[1] = 2 ** 31
    expect(() => addon.conv2d(x, w, null, y, huge, 0, 0)).toThrow(/elements|overflow/)
    expect(() => addon.conv2d(x, w, null, y, GEOMETRY, 9, 0)).toThrow(/activation/)
    expect(() => addon.conv2d(x, w, null, x.subarray(0, 12), GEOMETRY, 0, 0)).toThrow(/overlaps x/)
    expect(() => addon.conv2dBackpropInput(y, w, x, [...GEOMETRY.slice(0, 6), 4, ...GEOMETRY.slice(7)] as ConvGeometry)).toThrow(/dy has 12 elements, expected 16/)
    expect(() => addon.conv2dBackpropFilter(x, y, new Float32Array(5), GEOMETRY)).toThrow(/dw has 5 elements/)
    expect(() => addon.batchMatMul(new Float32Array(6), new Float32Array(6), null, new Float32Array(4), [1, 1, 1, 2, 2, 3, 0, 0], 0, 0)).not.toThrow()
    expect(() => addon.batchMatMul(new Float32Array(6), new Float32Array(6), null, new Float32Array(4), [1, 1, 1, 2, 2, 4, 0, 0], 0, 0)).toThrow(/a has 6 elements/)
    expect(() => addon.batchMatMul(new Float32Array(6), new Float32Array(6), null, new Float32Array(8), [1, 0, 2, 2, 2, 3, 0, 0], 0, 0)).toThrow(/do not broadcast/)
    expect(() => (addon.conv2d as unknown as () => void)()).toThrow(/takes 7 arguments/)
  })

  it('no output channel and a huge kernel: the scratch size does not wrap (this crashed the process before)', () => {
    const addon = loadNativeAddon()
    // outC = 0 makes dy and the filter empty for any kernel size, so no length check bounds the
    // patch width: outW x kH x kW = 2^31 x 2^31 x 4 = 2^64 wrapped to a 1-float scratch buffer that
    // the GEMM then overran. Now dx is zero (no output depends on x) and nothing is allocated.
    const geometry: ConvGeometry = [1, 1, 1, 1, 1, 2 ** 31, 0, 2 ** 31, 4, 1, 1, 1, 1, 0, 0]
    const dx = new Float32Array([NaN])
    expect(() => addon.conv2dBackpropInput(new Float32Array(0), new Float32Array(0), dx, geometry)).not.toThrow()
    expect(Array.from(dx)).toEqual([0])
    expect(() => addon.conv2d(dx, new Float32Array(0), null, new Float32Array(0), geometry, 0, 0)).not.toThrow()
    const dw = new Float32Array(0)
    expect(() => addon.conv2dBackpropFilter(dx, new Float32Array(0), dw, geometry)).not.toThrow()
    // The same shape of geometry for the depthwise kernels (inC = outC = 0: every array empty).
    const depthwise: ConvGeometry = [1, 1, 1, 0, 1, 2 ** 31, 0, 2 ** 31, 4, 1, 1, 1, 1, 0, 0]
    const empty = new Float32Array(0)
    expect(() => addon.depthwiseConv2dBackpropInput(empty, empty, new Float32Array(0), depthwise)).not.toThrow()
    expect(() => addon.depthwiseConv2dBackpropFilter(new Float32Array(0), empty, new Float32Array(0), depthwise)).not.toThrow()
    expect(() => addon.depthwiseConv2d(new Float32Array(0), empty, null, new Float32Array(0), depthwise, 0, 0)).not.toThrow()
  })
})
