/**
 * The native MaxPool, AvgPool, MaxPoolGrad and AvgPoolGrad kernels against tfjs's cpu backend over
 * a grid of window sizes, strides, paddings, batches and channels. Inputs are rounded to quarters,
 * so most windows hold ties (and zeros of both signs): the native max pool must break them exactly
 * as the cpu kernel does. Both kernels compute in the same order and precision, so the results are
 * compared bit for bit (NaN equal to NaN).
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it, vi } from 'vitest'
import { loadNativeAddon, type PoolGeometry } from '../../src/main/engine/native/addon'
import { describeNative, expectSameBits, randomArray, scoped, size, use } from './helpers'

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]]

interface PoolCase {
  kind: 'max' | 'avg'
  batch: number
  channels: number
  k: [number, number]
  stride: [number, number]
  pad: Pad
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  grads: boolean
}

interface PoolResult {
  y: Float32Array
  dx: Float32Array | null
}

const H = 7
const W = 6

/** Values in {-1, -0.75, ..., 1}, with -0 among them: ties everywhere. */
function quarters(n: number, seed: number): Float32Array {
  return randomArray(n, seed).map((v) => Math.round(v * 4) / 4)
}

async function runPool(backend: 'cpu' | 'native', c: PoolCase, x0: Float32Array): Promise<PoolResult> {
  await use(backend)
  return scoped(() => {
    const shape: [number, number, number, number] = [c.batch, H, W, c.channels]
    const x = tf.tensor4d(x0, shape)
    const pool = (a: tf.Tensor4D) =>
      c.kind === 'max' ? tf.maxPool(a, c.k, c.stride, c.pad, c.dimRoundingMode) : tf.avgPool(a, c.k, c.stride, c.pad, c.dimRoundingMode)
    const y = pool(x)
    let dx: Float32Array | null = null
    if (c.grads) {
      const r = tf.tensor(randomArray(size(y.shape), 7), y.shape)
      dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), r)))(x).dataSync() as Float32Array
    }
    return { y: y.dataSync() as Float32Array, dx }
  })
}

function cases(): PoolCase[] {
  const out: PoolCase[] = []
  // Explicit pads larger than the window leave windows wholly in the padding (max -Infinity, avg NaN).
  const explicit: Pad = [[0, 0], [1, 2], [2, 0], [0, 0]]
  let i = 0
  for (const kind of ['max', 'avg'] as const)
    for (const k of [1, 2, 3])
      for (const stride of [1, 2])
        for (const pad of ['valid', 'same', explicit] as Pad[])
          for (let channels = 1; channels <= 5; channels++) {
            out.push({ kind, batch: 1 + (i++ % 3), channels, k: [k, k], stride: [stride, stride], pad, grads: true })
          }
  // Non-square windows and strides.
  for (const kind of ['max', 'avg'] as const) {
    out.push({ kind, batch: 2, channels: 3, k: [3, 2], stride: [1, 2], pad: 'same', grads: true })
    out.push({ kind, batch: 2, channels: 4, k: [2, 3], stride: [2, 1], pad: 'valid', grads: true })
    out.push({ kind, batch: 1, channels: 2, k: [3, 1], stride: [2, 2], pad: explicit, grads: true })
  }
  // A numeric pad with each rounding mode (forward only: tfjs's gradients drop dimRoundingMode).
  for (const kind of ['max', 'avg'] as const)
    for (const dimRoundingMode of ['floor', 'round', 'ceil'] as const) {
      out.push({ kind, batch: 2, channels: 3, k: [3, 3], stride: [2, 2], pad: 1, dimRoundingMode, grads: false })
    }
  // A numeric pad where the rounding does not matter, with gradients.
  for (const kind of ['max', 'avg'] as const) out.push({ kind, batch: 2, channels: 2, k: [3, 3], stride: [1, 1], pad: 1, grads: true })
  return out
}

function label(c: PoolCase): string {
  const pad = typeof c.pad === 'object' ? JSON.stringify(c.pad) : String(c.pad)
  return `${c.kind} k${c.k} s${c.stride} pad ${pad}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''} b${c.batch} c${c.channels}`
}

async function compare(c: PoolCase, x: Float32Array): Promise<void> {
  const expected = await runPool('cpu', c, x)
  const actual = await runPool('native', c, x)
  expectSameBits(actual.y, expected.y, `${label(c)}: y`)
  if (expected.dx && actual.dx) expectSameBits(actual.dx, expected.dx, `${label(c)}: dx`)
}

describeNative('native pooling against cpu', () => {
  it('matches forward and gradient over the grid, ties included', async () => {
    const grid = cases()
    expect(grid.length).toBe(2 * 3 * 2 * 3 * 5 + 6 + 6 + 2)
    const addon = loadNativeAddon()
    const spies = (['maxPool', 'avgPool', 'maxPoolGrad', 'avgPoolGrad'] as const).map((fn) => vi.spyOn(addon, fn))
    let seed = 100
    for (const c of grid) await compare(c, quarters(c.batch * H * W * c.channels, seed++))
    // The native kernels ran (all but the 1x1 identity windows, which stay with the cpu kernel).
    for (const spy of spies) expect(spy.mock.calls.length).toBeGreaterThan(80)
    spies.forEach((spy) => spy.mockRestore())
  })

  it('matches on continuous values', async () => {
    for (const kind of ['max', 'avg'] as const) {
      const c: PoolCase = { kind, batch: 3, channels: 5, k: [3, 3], stride: [2, 2], pad: 'same', grads: true }
      await compare(c, randomArray(3 * H * W * 5, 11))
    }
  })

  it('treats NaN and infinities as the cpu kernels do', async () => {
    const x = quarters(2 * H * W * 3, 12)
    for (let i = 0; i < x.length; i += 5) x[i] = NaN
    x[1] = Infinity
    x[2] = -Infinity
    // A whole window of NaN: the max is -Infinity on cpu (NaN never wins).
    for (const i of [0, 3, 18, 21]) x[i] = NaN
    for (const kind of ['max', 'avg'] as const) {
      for (const pad of ['valid', 'same'] as const) {
        await compare({ kind, batch: 2, channels: 3, k: [2, 2], stride: [1, 1], pad, grads: true }, x)
        await compare({ kind, batch: 2, channels: 3, k: [3, 3], stride: [2, 2], pad, grads: true }, x)
      }
    }
  })

  it('pools a ResNet stem (3x3 stride 2, same) of 64 channels', async () => {
    const c: PoolCase = { kind: 'max', batch: 2, channels: 64, k: [3, 3], stride: [2, 2], pad: 'same', grads: true }
    await compare(c, quarters(2 * H * W * 64, 13))
    await compare({ ...c, kind: 'avg' }, randomArray(2 * H * W * 64, 14))
  })

  it('refuses inconsistent buffers with an Error, not a crash', () => {
    const addon = loadNativeAddon()
    const g: PoolGeometry = [1, 4, 4, 2, 2, 2, 2, 2, 2, 2, 0, 0]
    const x = new Float32Array(32)
    const y = new Float32Array(8)
    expect(() => addon.maxPool(x, new Float32Array(7), g)).toThrow(/y has 7 elements, expected 8/)
    expect(() => addon.avgPool(new Float32Array(31), y, g)).toThrow(/x has 31 elements/)
    expect(() => addon.maxPoolGrad(x, new Float32Array(9), new Float32Array(32), g)).toThrow(/dy has 9 elements/)
    expect(() => addon.avgPoolGrad(y, new Float32Array(33), g)).toThrow(/dx has 33 elements/)
    expect(() => addon.maxPool(x, x.subarray(0, 8), g)).toThrow(/overlaps/)
    expect(() => addon.maxPool(x, y, [1, 4, 4, 2, 2, 2, 0, 2, 2, 2, 0, 0])).toThrow(/filterHeight/)
    expect(() => addon.maxPool(x, y, [1, 4, 4] as unknown as PoolGeometry)).toThrow(/12 integers/)
    expect(() => addon.avgPool(x as unknown as Float32Array, new Int32Array(8) as unknown as Float32Array, g)).toThrow(/Float32Array/)
  })

  it('names a gradient of the wrong shape', async () => {
    await use('native')
    scoped(() => {
      const x = tf.zeros([1, 4, 4, 2])
      const dy = tf.zeros([1, 3, 3, 2])
      expect(() => tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, { filterSize: 2, strides: 2, pad: 'valid' })).toThrow(/dy has shape \[1,3,3,2\], expected .*\[1,2,2,2\]/)
    })
  })
})
