/**
 * The native FusedBatchNorm and Softmax kernels against tfjs's cpu backend. Forward results are
 * compared bit for bit for batch norm (both compute in double, in the same order) and to 1e-6 for
 * softmax (exp comes from different libm's); gradients, which tfjs builds from other kernels, to
 * rtol 1e-4.
 */
import * as tf from '@tensorflow/tfjs-core'
import { afterEach, expect, it, vi } from 'vitest'
import { loadNativeAddon } from '../../src/main/engine/native/addon'
import { describeNative, expectClose, expectSameBits, randomArray, scoped, size, use } from './helpers'

interface BatchNormCase {
  name: string
  x: number[]
  mean: number[]
  variance?: number[]
  offset?: number[] | null
  scale?: number[] | null
  epsilon?: number
}

/**
 * Whether tfjs can differentiate this batch norm at all: its gradient fails on every backend
 * unless offset and scale are given and every parameter is [C], C the last axis of x.
 */
function differentiable(c: BatchNormCase): boolean {
  const shapes = [c.mean, c.variance, c.offset, c.scale].map((s) => s ?? c.mean)
  const lastAxis = c.mean.length === 1 && c.mean[0] === c.x[c.x.length - 1]
  return c.offset !== null && c.scale !== null && lastAxis && shapes.every((s) => s!.length === 1 && s![0] === c.mean[0])
}

interface Outputs {
  y: Float32Array
  grads: Float32Array[]
}

async function runBatchNorm(backend: 'cpu' | 'native', c: BatchNormCase, seed: number): Promise<Outputs> {
  await use(backend)
  return scoped(() => {
    const x = tf.tensor(randomArray(size(c.x), seed), c.x)
    const param = (shape: number[], s: number, positive = false) =>
      tf.tensor(randomArray(size(shape), s).map((v) => (positive ? v * v + 0.1 : v)), shape)
    const mean = param(c.mean, seed + 1)
    const variance = param(c.variance ?? c.mean, seed + 2, true)
    const offset = c.offset === null ? undefined : param(c.offset ?? c.mean, seed + 3)
    const scale = c.scale === null ? undefined : param(c.scale ?? c.mean, seed + 4)
    const bn = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor) => tf.batchNorm(a, m, v, offset, scale, c.epsilon)
    const y = bn(x, mean, variance)
    const r = tf.tensor(randomArray(size(y.shape), seed + 5), y.shape)
    const grads = !differentiable(c) ? [] : tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(bn(a, m, v), r)))([x, mean, variance])
    return { y: y.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array) }
  })
}

const BATCH_NORM_CASES: BatchNormCase[] = [
  { name: 'NHWC, per channel', x: [2, 3, 4, 5], mean: [5] },
  { name: 'one channel', x: [3, 2, 2, 1], mean: [1] },
  { name: 'dense [batch, features]', x: [6, 7], mean: [7] },
  { name: 'rank-4 parameters [1, 1, 1, C]', x: [2, 3, 2, 4], mean: [1, 1, 1, 4] },
  { name: 'no offset, no scale', x: [2, 3, 4, 5], mean: [5], offset: null, scale: null },
  { name: 'scale only', x: [2, 2, 2, 3], mean: [3], offset: null },
  { name: 'scalar offset and scale', x: [2, 2, 2, 3], mean: [3], offset: [1], scale: [1] },
  { name: 'scalar mean, per-channel variance', x: [2, 2, 2, 3], mean: [1], variance: [3], offset: [3], scale: [3] },
  { name: 'epsilon 1e-5', x: [2, 3, 3, 4], mean: [4], epsilon: 1e-5 },
  // Not a last-axis broadcast: the cpu kernel's cyclic indexing (element i uses mean[i % 3]), which native reproduces.
  { name: 'C of 3 against a last axis of 4', x: [2, 3, 4], mean: [3] },
]

async function runSoftmax(backend: 'cpu' | 'native', shape: number[], values: Float32Array): Promise<Outputs> {
  await use(backend)
  return scoped(() => {
    const logits = tf.tensor(values, shape)
    const y = tf.softmax(logits)
    const r = tf.tensor(randomArray(size(shape), 3), shape)
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.softmax(a), r)))(logits)
    return { y: y.dataSync() as Float32Array, grads: [g.dataSync() as Float32Array] }
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describeNative('native batch norm against cpu', () => {
  it('matches forward (bit for bit) and gradients over parameter shapes', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'batchNorm')
    let seed = 200
    for (const c of BATCH_NORM_CASES) {
      const expected = await runBatchNorm('cpu', c, seed)
      const actual = await runBatchNorm('native', c, seed)
      seed += 10
      expectSameBits(actual.y, expected.y, `${c.name}: y`)
      actual.grads.forEach((g, i) => expectClose(g, expected.grads[i], `${c.name}: gradient ${['x', 'mean', 'variance'][i]}`, 1e-4, 1e-5))
    }
    // Twice per case: the forward pass, and again inside tf.grads.
    expect(spy.mock.calls.length).toBe(BATCH_NORM_CASES.reduce((n, c) => n + (differentiable(c) ? 2 : 1), 0))
  })

  it('leaves parameters of other lengths to the cpu kernel, with its result', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'batchNorm')
    // mean of 4 and scale of 2 values: cyclic indexing with two periods, which native does not do.
    const run = async (backend: 'cpu' | 'native') => {
      await use(backend)
      return scoped(() => tf.batchNorm(tf.tensor(randomArray(16, 1), [2, 2, 4]), tf.tensor(randomArray(4, 2), [4]), tf.ones([4]), undefined, tf.tensor([2, 3], [2])).dataSync() as Float32Array)
    }
    expectSameBits(await run('native'), await run('cpu'), 'mixed lengths')
    expect(spy).not.toHaveBeenCalled()
  })

  it('propagates NaN and Infinity as the cpu kernel does', async () => {
    const x = randomArray(24, 5)
    x[0] = NaN
    x[1] = Infinity
    x[5] = -Infinity
    const run = async (backend: 'cpu' | 'native') => {
      await use(backend)
      return scoped(() => tf.batchNorm(tf.tensor(x, [2, 3, 4]), tf.tensor([0, 1, Infinity, 0]), tf.tensor([1, 0, 1, -1]), tf.tensor([0, 0, 0, NaN]), tf.tensor([1, 2, 3, 4])).dataSync() as Float32Array)
    }
    expectSameBits(await run('native'), await run('cpu'), 'non-finite')
  })

  it('refuses inconsistent parameters with an Error, not a crash', () => {
    const addon = loadNativeAddon()
    const x = new Float32Array(12)
    const p3 = new Float32Array(3)
    expect(() => addon.batchNorm(x, p3, new Float32Array(2), null, null, new Float32Array(12), 1e-3)).toThrow(/variance has 2 elements, expected 1 or 3/)
    expect(() => addon.batchNorm(new Float32Array(10), p3, p3, null, null, new Float32Array(10), 1e-3)).toThrow(/not a multiple/)
    expect(() => addon.batchNorm(x, p3, p3, null, null, new Float32Array(11), 1e-3)).toThrow(/out has 11 elements/)
    expect(() => addon.batchNorm(x, p3, p3, null, null, x, 1e-3)).toThrow(/overlaps/)
  })
})

describeNative('native softmax against cpu', () => {
  it('matches forward and gradient over shapes', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'softmax')
    let seed = 300
    for (const shape of [[1], [7], [3, 10], [2, 3, 5], [4, 1000], [2, 2, 2, 3]]) {
      const values = randomArray(size(shape), seed++).map((v) => v * 20)
      const expected = await runSoftmax('cpu', shape, values)
      const actual = await runSoftmax('native', shape, values)
      expectClose(actual.y, expected.y, `softmax [${shape}]`, 1e-6, 0)
      expectClose(actual.grads[0], expected.grads[0], `softmax gradient [${shape}]`, 1e-4, 1e-6)
    }
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(12)
  })

  it('propagates NaN and infinities as the cpu kernel does', async () => {
    const values = new Float32Array([1, 2, NaN, 4, 1, Infinity, 3, 2, -Infinity, 0, 1, 2, 1e30, 1e30, -1e30, 5])
    const expected = await runSoftmax('cpu', [4, 4], values)
    const actual = await runSoftmax('native', [4, 4], values)
    expectClose(actual.y, expected.y, 'non-finite rows', 1e-6, 0)
  })

  it('refuses a softmax along another axis as the cpu kernel does', async () => {
    await use('native')
    scoped(() => {
      expect(() => tf.softmax(tf.zeros([2, 3]), 0)).toThrow(/Softmax along a non-last dimension is not yet supported/)
    })
    const addon = loadNativeAddon()
    expect(() => addon.softmax(new Float32Array(10), new Float32Array(10), 3)).toThrow(/not a multiple of 3/)
    expect(() => addon.softmax(new Float32Array(9), new Float32Array(8), 3)).toThrow(/out has 8 elements/)
    expect(() => addon.softmax(new Float32Array(9), new Float32Array(9), 0)).toThrow(/cols/)
  })
})
