/** The native BatchMatMul and _FusedMatMul kernels against tfjs's cpu backend. */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

interface MatMulCase {
  a: number[]
  b: number[]
  transposeA?: boolean
  transposeB?: boolean
}

const CASES: MatMulCase[] = [
  { a: [3, 4], b: [4, 5] },
  { a: [4, 3], b: [4, 5], transposeA: true },
  { a: [3, 4], b: [5, 4], transposeB: true },
  { a: [4, 3], b: [5, 4], transposeA: true, transposeB: true },
  { a: [2, 3, 4], b: [2, 4, 5] },
  { a: [2, 4, 3], b: [2, 5, 4], transposeA: true, transposeB: true },
  // Batch broadcasting: B without batch (one stacked GEMM), A without batch, and a batch suffix.
  { a: [3, 3, 4], b: [4, 5] },
  { a: [3, 3, 4], b: [5, 4], transposeB: true },
  { a: [3, 4, 3], b: [4, 5], transposeA: true },
  { a: [3, 4], b: [3, 4, 5] },
  { a: [1, 3, 4], b: [3, 5, 4], transposeB: true },
  { a: [2, 3, 3, 4], b: [3, 4, 5] },
  { a: [3, 4], b: [2, 3, 4, 5] },
  // Many small products (the pool + builtin kernel), and a few large ones (the BLAS, one by one).
  { a: [64, 8, 8], b: [64, 8, 8] },
  { a: [40, 6, 9], b: [40, 7, 9], transposeB: true },
  { a: [3, 70, 65], b: [3, 65, 66] },
  { a: [2, 65, 70], b: [2, 66, 65], transposeA: true, transposeB: true },
  // A dense layer's shapes.
  { a: [32, 200], b: [200, 10] },
]

async function matMul(backend: 'cpu' | 'native', c: MatMulCase, seed: number) {
  await use(backend)
  return scoped(() => {
    const a = tf.tensor(randomArray(size(c.a), seed), c.a)
    const b = tf.tensor(randomArray(size(c.b), seed + 1), c.b)
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB)
    const out = f(a, b)
    const r = tf.tensor(randomArray(size(out.shape), seed + 2), out.shape)
    const values = [out.dataSync() as Float32Array]
    let gradError: string | null = null
    try {
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), r)))([a, b])
      values.push(da.dataSync() as Float32Array, db.dataSync() as Float32Array)
    } catch (error) {
      // tfjs-core's BatchMatMul gradient does not reduce over broadcast batch dims, on any backend.
      gradError = (error as Error).message
    }
    return { shape: out.shape, values, gradError }
  })
}

describeNative('native batchMatMul against cpu', () => {
  it('matches products and gradients with transposes and batch broadcasting', async () => {
    let seed = 200
    for (const c of CASES) {
      seed += 3
      const cpu = await matMul('cpu', c, seed)
      const native = await matMul('native', c, seed)
      const name = `[${c.a}]${c.transposeA ? 'T' : ''} x [${c.b}]${c.transposeB ? 'T' : ''}`
      expect(native.shape, name).toEqual(cpu.shape)
      expect(native.gradError, name).toBe(cpu.gradError)
      expect(native.values.length, name).toBe(cpu.values.length)
      cpu.values.forEach((expected, i) => expectClose(native.values[i], expected, `${name} ${['out', 'da', 'db'][i]}`))
    }
  })

  it('handles empty batches and an empty inner dimension', async () => {
    await use('native')
    const empty = tf.matMul(tf.zeros([0, 3, 4]), tf.zeros([4, 5]))
    expect(empty.shape).toEqual([0, 3, 5])
    const innerEmpty = tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 5]))
    expect(innerEmpty.shape).toEqual([3, 5])
    expect(Array.from(innerEmpty.dataSync())).toEqual(new Array(15).fill(0))
    tf.dispose([empty, innerEmpty])
  })

  it('leaves int32 products to the cpu kernel', async () => {
    const results: number[][] = []
    for (const backend of ['cpu', 'native'] as const) {
      await use(backend)
      const out = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32'))
      expect(out.dtype).toBe('int32')
      results.push(Array.from(out.dataSync()))
      out.dispose()
    }
    expect(results[1]).toEqual(results[0])
    expect(results[1]).toEqual([19, 22, 43, 50])
  })

  it('fused matMul: bias + activation in the epilogue, odd biases through cpu', async () => {
    const configs: { activation?: tf.fused.Activation; bias: 'column' | 'scalar' | 'full' | 'none'; alpha?: number }[] = [
      { activation: 'relu', bias: 'column' },
      { activation: 'linear', bias: 'column' },
      { activation: 'relu6', bias: 'scalar' },
      { activation: 'sigmoid', bias: 'column' },
      { activation: 'elu', bias: 'column' },
      { activation: 'leakyrelu', bias: 'column', alpha: 0.3 },
      { activation: 'prelu', bias: 'column' },
      { activation: 'relu', bias: 'full' },
      { bias: 'none' },
    ]
    for (const config of configs) {
      const results: Float32Array[][] = []
      for (const backend of ['cpu', 'native'] as const) {
        await use(backend)
        results.push(
          scoped(() => {
            const a = tf.tensor(randomArray(2 * 6 * 7, 301), [2, 6, 7])
            const b = tf.tensor(randomArray(2 * 7 * 5, 302), [2, 7, 5])
            const bias =
              config.bias === 'column'
                ? tf.tensor1d(randomArray(5, 303))
                : config.bias === 'scalar'
                  ? tf.scalar(0.5)
                  : config.bias === 'full'
                    ? tf.tensor3d(randomArray(60, 304), [2, 6, 5])
                    : undefined
            const preluActivationWeights = config.activation === 'prelu' ? tf.tensor1d(randomArray(5, 305)) : undefined
            const f = (x: tf.Tensor, y: tf.Tensor) =>
              tf.fused.matMul({ a: x, b: y, bias, activation: config.activation, preluActivationWeights, leakyreluAlpha: config.alpha })
            const out = [f(a, b).dataSync() as Float32Array]
            if (config.activation === 'relu' || config.activation === 'linear' || config.activation === undefined) {
              const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), tf.onesLike(f(x, y)))))([a, b])
              out.push(da.dataSync() as Float32Array, db.dataSync() as Float32Array)
            }
            return out
          }),
        )
      }
      results[0].forEach((expected, i) => expectClose(results[1][i], expected, `${JSON.stringify(config)} part ${i}`))
    }
  })
})
