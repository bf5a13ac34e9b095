/**
 * The native FusedBatchNorm gradient (one kernel for dx, dmean, dvariance, dscale, doffset)
 * against tfjs-core's composed gradient on the cpu backend, over shapes and parameter forms; and
 * tfjs-layers' BatchNormalization in training mode against the closed-form gradient of batch
 * normalisation computed here in double.
 */
import * as tf from '@tensorflow/tfjs'
import { afterEach, expect, it, vi } from 'vitest'
import { loadNativeAddon } from '../../src/main/engine/native/addon'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

interface GradCase {
  x: number[]
  /** Length of mean, variance and scale: C (x's last axis) or 1. */
  params: 'C' | '1'
  scale: boolean
  offset: boolean
}

const SHAPES = [[2, 3, 4, 5], [3, 2, 2, 1], [6, 7], [2, 5, 3], [1, 1, 1, 3], [4, 3, 3, 64], [16, 4, 4, 33]]
const CASES: GradCase[] = SHAPES.flatMap((x) =>
  (['C', '1'] as const).flatMap((params) =>
    [
      { scale: true, offset: true },
      { scale: false, offset: true },
      { scale: true, offset: false },
    ].map((p) => ({ x, params, ...p })),
  ),
)

interface Result {
  y?: Float32Array
  grads?: Float32Array[]
  error?: string
}

/** y and the gradients of sum(y * r) with respect to x, mean, variance and, when given, scale and offset. */
async function run(backend: 'cpu' | 'native', c: GradCase, seed: number): Promise<Result> {
  await use(backend)
  return scoped(() => {
    const channels = c.params === 'C' ? c.x[c.x.length - 1] : 1
    const param = (s: number, positive = false) => tf.tensor(randomArray(channels, s).map((v) => (positive ? v * v + 0.1 : v)), [channels])
    const x = tf.tensor(randomArray(size(c.x), seed).map((v) => 3 * v + 1), c.x)
    const inputs = [x, param(seed + 1), param(seed + 2, true), ...(c.scale ? [param(seed + 3)] : []), ...(c.offset ? [param(seed + 4)] : [])]
    const bn = (...t: tf.Tensor[]) => tf.batchNorm(t[0], t[1], t[2], c.offset ? t[c.scale ? 4 : 3] : undefined, c.scale ? t[3] : undefined, 1e-3)
    const y = bn(...inputs)
    const r = tf.tensor(randomArray(size(y.shape), seed + 5), y.shape)
    try {
      const grads = tf.grads((...t: tf.Tensor[]) => tf.sum(tf.mul(bn(...t), r)))(inputs)
      return { y: y.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array) }
    } catch (error) {
      return { error: (error as Error).message }
    }
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describeNative('native batch-norm gradient against cpu', () => {
  it('matches every gradient over shapes, channel counts, scalar and absent scale/offset', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'batchNormGrad')
    let seed = 500
    let differentiable = 0
    for (const c of CASES) {
      const label = `x [${c.x}], params ${c.params}, scale ${c.scale}, offset ${c.offset}`
      const calls = spy.mock.calls.length
      const expected = await run('cpu', c, seed)
      expect(spy.mock.calls.length, `${label}: the cpu backend keeps tfjs-core's gradient`).toBe(calls)
      const actual = await run('native', c, seed)
      seed += 10
      if (expected.error !== undefined) {
        expect(actual.error, label).toBe(expected.error)
        continue
      }
      differentiable++
      expect(actual.error, label).toBeUndefined()
      expect(spy.mock.calls.length, `${label}: the native kernel ran`).toBe(calls + 1)
      expectClose(actual.y!, expected.y!, `${label}: y`, 1e-6, 1e-6)
      const names = ['x', 'mean', 'variance', ...(c.scale ? ['scale'] : []), ...(c.offset ? ['offset'] : [])]
      expect(actual.grads!.length).toBe(names.length)
      actual.grads!.forEach((g, i) => expectClose(g, expected.grads![i], `${label}: gradient of ${names[i]}`, 1e-4, 1e-5))
    }
    // tf.grads through tf.batchNorm without scale or offset fails in tfjs-core itself on every
    // backend ("Cannot read properties of undefined"), and native fails the same way above; every
    // case with both is differentiated and compared.
    expect(differentiable).toBe(CASES.filter((c) => c.scale && c.offset).length)
  })

  it('leaves the cpu backend on tfjs-core gradient', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'batchNormGrad')
    await run('cpu', { x: [2, 2, 2, 3], params: 'C', scale: true, offset: true }, 1)
    expect(spy).not.toHaveBeenCalled()
  })

  it('keeps the tensor count flat over repeated gradients', async () => {
    const counts: number[] = []
    for (let i = 0; i < 4; i++) {
      await run('native', { x: [4, 3, 3, 8], params: 'C', scale: true, offset: true }, 7)
      counts.push(tf.memory().numTensors)
    }
    expect(new Set(counts).size, `numTensors: ${counts}`).toBe(1)
  })

  it('treats an absent scale as ones', () => {
    const addon = loadNativeAddon()
    const [dy, x, mean] = [randomArray(30, 1), randomArray(30, 2), randomArray(3, 3)]
    const variance = randomArray(3, 4).map((v) => v * v + 0.1)
    const grads = (scale: Float32Array | null) => {
      const out = [new Float32Array(30), ...[0, 1, 2, 3].map(() => new Float32Array(3))]
      addon.batchNormGrad(dy, x, mean, variance, scale, out[0], out[1], out[2], out[3], out[4], 1e-3)
      return out
    }
    const withOnes = grads(new Float32Array(3).fill(1))
    grads(null).forEach((g, i) => expect(Array.from(g), `output ${i}`).toEqual(Array.from(withOnes[i])))
  })

  it('refuses inconsistent arrays with an Error, not a crash', () => {
    const addon = loadNativeAddon()
    const f = (n: number) => new Float32Array(n)
    const x = f(12)
    expect(() => addon.batchNormGrad(f(12), x, f(5), f(5), null, f(12), f(5), f(5), f(5), f(5), 1e-3)).toThrow(/not a multiple/)
    expect(() => addon.batchNormGrad(f(11), x, f(3), f(3), null, f(12), f(3), f(3), f(3), f(3), 1e-3)).toThrow(/dy has 11 elements/)
    expect(() => addon.batchNormGrad(f(12), x, f(3), f(2), null, f(12), f(3), f(3), f(3), f(3), 1e-3)).toThrow(/variance has 2 elements/)
    expect(() => addon.batchNormGrad(f(12), x, f(3), f(3), f(1), f(12), f(3), f(3), f(3), f(3), 1e-3)).toThrow(/scale has 1 elements/)
    expect(() => addon.batchNormGrad(f(12), x, f(3), f(3), null, x, f(3), f(3), f(3), f(3), 1e-3)).toThrow(/overlaps/)
  })
})

/**
 * Batch normalisation in training mode, y = gamma * (x - mean) / sqrt(var + eps) + beta with the
 * batch's mean and (biased) variance per channel, and the gradients of sum(y * r), in double:
 * dx = gamma / (n sqrt(var + eps)) * (n r - sum(r) - xhat * sum(r * xhat)), dgamma = sum(r * xhat),
 * dbeta = sum(r).
 */
function closedForm(x: Float32Array, r: Float32Array, gamma: Float32Array, beta: Float32Array, channels: number, eps: number) {
  const n = x.length / channels
  const y = new Float64Array(x.length)
  const dx = new Float64Array(x.length)
  const dgamma = new Float64Array(channels)
  const dbeta = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += x[i * channels + c]
    mean /= n
    let variance = 0
    for (let i = 0; i < n; i++) variance += (x[i * channels + c] - mean) ** 2
    variance /= n
    const inv = 1 / Math.sqrt(variance + eps)
    let sumR = 0
    let sumRXhat = 0
    for (let i = 0; i < n; i++) {
      const xhat = (x[i * channels + c] - mean) * inv
      y[i * channels + c] = gamma[c] * xhat + beta[c]
      sumR += r[i * channels + c]
      sumRXhat += r[i * channels + c] * xhat
    }
    for (let i = 0; i < n; i++) {
      const xhat = (x[i * channels + c] - mean) * inv
      dx[i * channels + c] = ((gamma[c] * inv) / n) * (n * r[i * channels + c] - sumR - xhat * sumRXhat)
    }
    dgamma[c] = sumRXhat
    dbeta[c] = sumR
  }
  return { y, dx, dgamma, dbeta }
}

describeNative('BatchNormalization layer in training mode on native', () => {
  it('gives the closed-form gradients of x, gamma and beta', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'batchNormGrad')
    await use('native')
    for (const [shape, seed] of [[[8, 5, 5, 3], 11], [[16, 4, 4, 1], 12], [[4, 2, 2, 17], 13]] as const) {
      const channels = shape[3]
      const xValues = randomArray(size(shape), seed).map((v) => 2 * v + 0.5)
      const rValues = randomArray(size(shape), seed + 1)
      const gammaValues = randomArray(channels, seed + 2).map((v) => v + 1.5)
      const betaValues = randomArray(channels, seed + 3)
      const layer = tf.layers.batchNormalization({ axis: -1, epsilon: 1e-3, momentum: 0.99 })
      layer.build([null, shape[1], shape[2], channels])
      layer.setWeights([tf.tensor(gammaValues), tf.tensor(betaValues), tf.zeros([channels]), tf.ones([channels])])
      const got = scoped(() => {
        const x = tf.tensor(xValues, [...shape])
        const r = tf.tensor(rValues, [...shape])
        const f = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a, { training: true }) as tf.Tensor, r)) as tf.Scalar
        const dx = tf.grad(f)(x)
        const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable)
        const { grads } = tf.variableGrads(() => f(x), [gamma, beta])
        const y = layer.apply(x, { training: true }) as tf.Tensor
        return { y: y.dataSync(), dx: dx.dataSync(), dgamma: grads[gamma.name].dataSync(), dbeta: grads[beta.name].dataSync() }
      })
      const want = closedForm(xValues, rValues, gammaValues, betaValues, channels, 1e-3)
      const label = `[${shape}]`
      expectClose(got.y, want.y, `${label}: y`, 1e-4, 1e-5)
      expectClose(got.dx, want.dx, `${label}: dx`, 1e-3, 1e-4)
      expectClose(got.dgamma, want.dgamma, `${label}: dgamma`, 1e-4, 1e-4)
      expectClose(got.dbeta, want.dbeta, `${label}: dbeta`, 1e-4, 1e-4)
    }
    expect(spy).toHaveBeenCalled()
  })
})
