/**
 * The native reductions (Sum, Mean, Max, Min, Prod, ArgMax, ArgMin) against tfjs's cpu backend:
 * every axis subset of a rank-4 tensor with and without keepDims, NaN, zero-size tensors, int32
 * fallbacks and bad axes. Each output adds its inputs in the cpu kernel's order, in double, so
 * results match bit for bit; only a single output over a very long row is split into blocks
 * (checked to rtol 1e-6).
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { NATIVE_KERNELS } from '../../src/main/engine/native'
import { describeNative, expectClose, randomArray, scoped, use } from './helpers'

interface Result {
  values: number[]
  shape: number[]
  dtype: string
}

async function onBoth(fn: () => tf.Tensor): Promise<{ cpu: Result | string; native: Result | string }> {
  const out: Record<string, Result | string> = {}
  for (const backend of ['cpu', 'native'] as const) {
    await use(backend)
    try {
      out[backend] = scoped(() => {
        const r = fn()
        return { values: Array.from(r.dataSync() as ArrayLike<number>), shape: r.shape, dtype: r.dtype }
      })
    } catch (error) {
      out[backend] = (error as Error).message
    }
  }
  return { cpu: out.cpu, native: out.native }
}

async function expectSame(label: string, fn: () => tf.Tensor, rtol = 0): Promise<void> {
  const { cpu, native } = await onBoth(fn)
  if (typeof cpu === 'string') throw new Error(`${label}: cpu failed: ${cpu}`)
  if (typeof native === 'string') throw new Error(`${label}: native failed: ${native}`)
  expect([native.shape, native.dtype], label).toEqual([cpu.shape, cpu.dtype])
  if (rtol > 0) return expectClose(native.values, cpu.values, label, rtol, 0)
  const bad = native.values.findIndex((v, j) => !Object.is(v, cpu.values[j]))
  if (bad >= 0) expect.fail(`${label}: element ${bad} is ${native.values[bad]}, cpu gives ${cpu.values[bad]}`)
}

const SHAPE = [3, 4, 5, 6]
const x4 = (seed: number, nan = false) => {
  const v = randomArray(360, seed).map((x) => x * 2)
  if (nan) {
    v[17] = NaN
    v[200] = Infinity
    v[201] = -Infinity
  }
  return tf.tensor(v, SHAPE)
}

const AXIS_SUBSETS = Array.from({ length: 16 }, (_, mask) => [0, 1, 2, 3].filter((a) => mask & (1 << a)))

const REDUCTIONS: [string, (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor][] = [
  ['sum', (x, a, k) => tf.sum(x, a, k)],
  ['mean', (x, a, k) => tf.mean(x, a, k)],
  ['max', (x, a, k) => tf.max(x, a, k)],
  ['min', (x, a, k) => tf.min(x, a, k)],
  ['prod', (x, a, k) => tf.prod(x, a, k)],
]

describeNative('native reductions', () => {
  it('are registered as native kernels', () => {
    const names = NATIVE_KERNELS.map((k) => k.kernelName)
    for (const name of ['Sum', 'Mean', 'Max', 'Min', 'Prod', 'ArgMax', 'ArgMin']) expect(names).toContain(name)
  })

  for (const [name, op] of REDUCTIONS) {
    it(`${name}: every axis subset of a rank-4 tensor, keepDims or not, bit for bit`, async () => {
      for (const axes of AXIS_SUBSETS) {
        for (const keepDims of [false, true]) {
          await expectSame(`${name} axes [${axes}] keepDims ${keepDims}`, () => op(x4(axes.length + 1), axes, keepDims))
        }
      }
      await expectSame(`${name} negative axes`, () => op(x4(5), [-1, -3], false))
      await expectSame(`${name} default axes`, () => op(x4(6), undefined as unknown as number[], false))
    })

    it(`${name}: NaN and Infinity propagate as on cpu`, async () => {
      for (const axes of AXIS_SUBSETS) await expectSame(`${name} axes [${axes}] with NaN`, () => op(x4(9, true), axes, false))
    })

    it(`${name}: zero-size tensors and scalars`, async () => {
      await expectSame(`${name} [0, 3] axis 0`, () => op(tf.zeros([0, 3]), [0], false))
      await expectSame(`${name} [0, 3] axis 1`, () => op(tf.zeros([0, 3]), [1], true))
      await expectSame(`${name} [2, 0, 3] axes 0, 2`, () => op(tf.zeros([2, 0, 3]), [0, 2], false))
      await expectSame(`${name} scalar`, () => op(tf.scalar(-0), [], false))
      await expectSame(`${name} [1, 1] all`, () => op(tf.tensor([[-2.5]]), [0, 1], true))
    })
  }

  it('large tensors split over the pool: leading axes (batch-norm gradients), trailing rows, a single long row', async () => {
    const big = (shape: number[], seed: number) => tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), seed), shape)
    for (const [name, op] of REDUCTIONS.slice(0, 4)) {
      await expectSame(`${name} [16, 16, 16, 64] over [0, 1, 2]`, () => op(big([16, 16, 16, 64], 1), [0, 1, 2], false))
      await expectSame(`${name} [512, 300] over [1]`, () => op(big([512, 300], 2), [1], false))
      await expectSame(`${name} [4, 300, 50] over [1]`, () => op(big([4, 300, 50], 3), [1], false))
      // One output over 300k values: combined from 64k blocks, so only close for sum and mean.
      await expectSame(`${name} [300000] all`, () => op(big([300000], 4), [0], false), name === 'sum' || name === 'mean' ? 1e-6 : 0)
    }
  })

  it('int32 and bool inputs go through the cpu kernels, with their dtypes', async () => {
    const i = () => tf.tensor([[1, -2, 3], [4, 5, -6]], [2, 3], 'int32')
    await expectSame('int32 sum', () => tf.sum(i(), 0))
    await expectSame('bool sum', () => tf.sum(tf.tensor([1, 0, 1], [3], 'bool')))
    await expectSame('int32 mean', () => tf.mean(i(), 1))
    await expectSame('int32 max', () => tf.max(i(), 1))
    await expectSame('int32 min', () => tf.min(i()))
    await expectSame('int32 prod', () => tf.prod(i(), 0))
    await expectSame('int32 argMax', () => tf.argMax(i(), 1))
  })

  it('bad axes: the same error as on cpu', async () => {
    for (const fn of [() => tf.sum(x4(1), 4), () => tf.max(x4(1), [-5]), () => tf.argMax(x4(1), 7)]) {
      const { cpu, native } = await onBoth(fn)
      expect(typeof native).toBe('string')
      expect(native).toBe(cpu)
    }
  })
})

describeNative('native ArgMax and ArgMin', () => {
  it('every axis, ties keep the first index, NaN never wins unless first', async () => {
    const ties = tf.tensor([3, 1, 3, 2, NaN, 5, 5, 0, 2, 2, 2, NaN], [3, 4])
    for (const axis of [0, 1, -1]) {
      await expectSame(`argMax ties axis ${axis}`, () => tf.argMax(ties, axis))
      await expectSame(`argMin ties axis ${axis}`, () => tf.argMin(ties, axis))
    }
    for (const axis of [0, 1, 2, 3]) {
      await expectSame(`argMax axis ${axis}`, () => tf.argMax(x4(axis + 20, true), axis))
      await expectSame(`argMin axis ${axis}`, () => tf.argMin(x4(axis + 30, true), axis))
    }
    await expectSame('argMax [1]', () => tf.argMax(tf.tensor([4])))
    await expectSame('argMax [0, 3] axis 1', () => tf.argMax(tf.zeros([0, 3]), 1))
    await expectSame('argMax [2, 0] axis 1', () => tf.argMax(tf.zeros([2, 0]), 1))
    await expectSame('argMax large', () => tf.argMax(tf.tensor(randomArray(200 * 300, 3), [200, 300]), 0))
  })
})
