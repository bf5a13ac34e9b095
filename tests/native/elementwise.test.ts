/**
 * The native binary (with broadcasting), AddN, unary, Tile and Transpose kernels against tfjs's
 * cpu backend. +, -, *, /, max, min and the data movement must match bit for bit (float32 rounds
 * them exactly as the cpu kernel's doubles do); functions computed through libm (exp, log, tanh,
 * pow, ...) to rtol 1e-6. NaN must sit where the cpu backend puts it.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { loadNativeAddon } from '../../src/main/engine/native/addon'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

interface Result {
  values: number[]
  shape: number[]
  dtype: string
}

/** Runs fn on both backends; returns each side's values, shape and dtype, or the error message. */
async function onBoth(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Result[] | string; native: Result[] | string }> {
  const out: Record<string, Result[] | string> = {}
  for (const backend of ['cpu', 'native'] as const) {
    await use(backend)
    try {
      out[backend] = scoped(() => {
        const r = fn()
        return (Array.isArray(r) ? r : [r]).map((t) => ({ values: Array.from(t.dataSync() as ArrayLike<number>), shape: t.shape, dtype: t.dtype }))
      })
    } catch (error) {
      out[backend] = (error as Error).message
    }
  }
  return { cpu: out.cpu, native: out.native }
}

/** Identical results: same shapes, dtypes, and values (NaN where NaN, -0 where -0). */
async function expectSame(label: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const { cpu, native } = await onBoth(fn)
  if (typeof cpu === 'string') throw new Error(`${label}: cpu failed: ${cpu}`)
  if (typeof native === 'string') throw new Error(`${label}: native failed: ${native}`)
  expect(native.map((r) => [r.shape, r.dtype]), label).toEqual(cpu.map((r) => [r.shape, r.dtype]))
  native.forEach((r, i) => {
    const bad = r.values.findIndex((v, j) => !Object.is(v, cpu[i].values[j]))
    if (bad >= 0) expect.fail(`${label}: output ${i} element ${bad} is ${r.values[bad]}, cpu gives ${cpu[i].values[bad]}`)
  })
}

async function expectNear(label: string, fn: () => tf.Tensor | tf.Tensor[], rtol = 1e-6): Promise<void> {
  const { cpu, native } = await onBoth(fn)
  if (typeof cpu === 'string') throw new Error(`${label}: cpu failed: ${cpu}`)
  if (typeof native === 'string') throw new Error(`${label}: native failed: ${native}`)
  expect(native.map((r) => [r.shape, r.dtype]), label).toEqual(cpu.map((r) => [r.shape, r.dtype]))
  native.forEach((r, i) => expectClose(r.values, cpu[i].values, `${label} output ${i}`, rtol, 1e-30))
}

/** Random values in [-3, 3) with NaN, ±Infinity, ±0 and 1 sprinkled in where there is room. */
function values(shape: number[], seed: number): Float32Array {
  const v = randomArray(size(shape), seed).map((x) => x * 3)
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1]
  if (v.length >= 20) specials.forEach((s, i) => (v[(seed * 7 + i * 5) % v.length] = s))
  return v
}

const t = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape)

// Shape pairs: same shape, per-channel, numpy broadcasting both ways, scalars, outer products, rank 0..6.
const PAIRS: [number[], number[]][] = [
  [[2, 3, 4, 5], [2, 3, 4, 5]],
  [[2, 3, 4, 5], [5]],
  [[5], [2, 3, 4, 5]],
  [[2, 3, 4, 5], [1, 3, 1, 5]],
  [[2, 3, 4, 5], [2, 1, 4, 1]],
  [[2, 1, 4, 1], [1, 3, 1, 5]],
  [[3, 1], [1, 4]],
  [[2, 3, 4, 5], []],
  [[], [2, 3, 4, 5]],
  [[], []],
  [[1], []],
  [[7], [1]],
  [[2, 1, 3, 1, 2], [3, 1, 2]],
  [[2, 1, 3, 1, 2, 1], [1, 4, 3, 2, 1, 3]],
  [[1, 1, 1], [1, 1]],
  [[64, 33], [33]],
  [[300, 260], [300, 1]],
  [[300, 260], [300, 260]],
]

const BINARY: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, boolean][] = [
  ['add', tf.add, true],
  ['sub', tf.sub, true],
  ['mul', tf.mul, true],
  ['div', tf.div, true],
  ['maximum', tf.maximum, true],
  ['minimum', tf.minimum, true],
  ['squaredDifference', tf.squaredDifference, true],
  ['prelu', (a, b) => tf.prelu(a, b), true],
  ['pow', tf.pow, false],
]

describeNative('native binary kernels', () => {
  for (const [name, op, exact] of BINARY) {
    it(`${name}: every broadcast pair, NaN and Infinity, vs cpu`, async () => {
      for (const [i, [as, bs]] of PAIRS.entries()) {
        const fn = () => op(t(as, 10 + i), t(bs, 40 + i))
        if (exact) await expectSame(`${name} [${as}] [${bs}]`, fn)
        else await expectNear(`${name} [${as}] [${bs}]`, fn)
      }
    })
  }

  it('pow: JavaScript special cases (1 ** NaN, (-1) ** Infinity, 0 ** -1, negative ** fraction)', async () => {
    const base = [1, 1, -1, -1, 0, -0, -2, 2, NaN, NaN, Infinity, -Infinity]
    const exp = [NaN, Infinity, Infinity, -Infinity, -1, -3, 0.5, -Infinity, 0, 1, -2, 3]
    await expectSame('pow specials', () => tf.pow(tf.tensor(base), tf.tensor(exp)))
  })

  it('maximum and minimum: NaN on either side wins, +0/-0 as Math.max/Math.min', async () => {
    const a = [NaN, 1, NaN, 0, -0, -0, 0, 2]
    const b = [1, NaN, NaN, -0, 0, -0, 0, 2]
    await expectSame('maximum', () => tf.maximum(tf.tensor(a), tf.tensor(b)))
    await expectSame('minimum', () => tf.minimum(tf.tensor(a), tf.tensor(b)))
  })

  it('zero-size tensors give empty results of the broadcast shape', async () => {
    for (const [as, bs] of [[[0, 3], [3]], [[2, 0], [1]], [[], [0]], [[0], [0]], [[4, 0, 2], [4, 1, 2]]]) {
      await expectSame(`add [${as}] [${bs}]`, () => tf.add(tf.zeros(as), tf.ones(bs)))
      await expectSame(`mul [${as}] [${bs}]`, () => tf.mul(tf.zeros(as), tf.ones(bs)))
    }
  })

  it('int32, bool and mixed dtypes go through the cpu kernels, with their dtypes', async () => {
    const i = () => tf.tensor([1, -2, 3, 7], [4], 'int32')
    const j = () => tf.tensor([2, 2, -5, 3], [4], 'int32')
    await expectSame('int32 add', () => tf.add(i(), j()))
    await expectSame('int32 mul', () => tf.mul(i(), tf.scalar(3, 'int32')))
    await expectSame('int32 maximum', () => tf.maximum(i(), j()))
    await expectSame('int32 div (float result)', () => tf.div(i(), j()))
    await expectSame('int32 pow', () => tf.pow(i(), tf.tensor([2, 3, 0, 1], [4], 'int32')))
    await expectSame('float32 + int32 through runKernel', () => tf.engine().runKernel('Add', { a: tf.tensor([1.5, 2.5]), b: tf.tensor([1, 2], [2], 'int32') }) as tf.Tensor)
    await expectSame('addN int32', () => tf.addN([i(), j(), i()]))
  })

  it('shapes that do not broadcast: the same error as on cpu', async () => {
    const { cpu, native } = await onBoth(() => tf.add(tf.ones([2, 3]), tf.ones([4])))
    expect(typeof native).toBe('string')
    expect(native).toBe(cpu)
    const direct = await onBoth(() => tf.engine().runKernel('Multiply', { a: tf.ones([2, 3]), b: tf.ones([2, 2]) }) as tf.Tensor)
    expect(direct.native).toBe(direct.cpu)
    expect(direct.native).toMatch(/could not be broadcast/)
  })

  it('addN: three tensors, in order, same as cpu', async () => {
    await expectSame('addN', () => tf.addN([t([3, 4, 5], 1), t([3, 4, 5], 2), t([3, 4, 5], 3)]))
    await expectSame('addN one', () => tf.addN([t([7], 4)]))
    await expectSame('addN large', () => tf.addN([t([300, 200], 5), t([300, 200], 6)]))
  })

  it('eluGrad (through the gradient of elu)', async () => {
    await expectSame('elu grad', () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.elu(x), tf.tensor(randomArray(60, 9), [3, 4, 5]))))(t([3, 4, 5], 8)))
  })
})

const UNARY: [string, (x: tf.Tensor) => tf.Tensor, boolean][] = [
  ['sqrt', tf.sqrt, true],
  ['rsqrt', tf.rsqrt, true],
  ['square', tf.square, true],
  ['neg', tf.neg, true],
  ['abs', tf.abs, true],
  ['relu', tf.relu, true],
  ['relu6', tf.relu6, true],
  ['step', (x) => tf.step(x), true],
  ['step 0.25', (x) => tf.step(x, 0.25), true],
  ['leakyRelu 0.2', (x) => tf.leakyRelu(x, 0.2), true],
  ['reciprocal', tf.reciprocal, true],
  ['exp', tf.exp, false],
  ['log', tf.log, false],
  ['sigmoid', tf.sigmoid, false],
  ['tanh', tf.tanh, false],
  ['elu', tf.elu, false],
]

describeNative('native unary kernels', () => {
  for (const [name, op, exact] of UNARY) {
    it(`${name}: small, large (threaded), special values and zero-size, vs cpu`, async () => {
      for (const [i, shape] of [[], [1], [2, 3, 4, 5], [400, 300], [0, 3]].entries()) {
        const fn = () => op(t(shape, 70 + i))
        if (exact) await expectSame(`${name} [${shape}]`, fn)
        else await expectNear(`${name} [${shape}]`, fn)
      }
      await expectNear(`${name} specials`, () => op(tf.tensor([NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 88, -88, 100, -100])))
    })
  }

  it('sigmoid over its whole range (exp computed without the C library) within 1e-6 of cpu', async () => {
    // -150 .. 150 in steps of 0.0015: saturation at both ends, subnormal results below -87.
    const n = 200_001
    const x = Float32Array.from({ length: n }, (_, i) => -150 + i * 0.0015)
    await expectNear('sigmoid -150..150', () => tf.sigmoid(tf.tensor(x)))
  })

  it('int32 inputs go through the cpu kernels, with their dtypes', async () => {
    const i = () => tf.tensor([1, -2, 3, 0], [4], 'int32')
    for (const op of [tf.neg, tf.abs, tf.square, tf.relu, tf.exp] as ((x: tf.Tensor) => tf.Tensor)[]) {
      await expectSame(`int32 ${op.name}`, () => op(i()))
    }
  })
})

describeNative('native Tile and Transpose', () => {
  it('tile: ranks 0-5, reps of 1, 0 and more, vs cpu', async () => {
    const cases: [number[], number[]][] = [
      [[], []],
      [[3], [4]],
      [[2, 3], [2, 3]],
      [[2, 3], [1, 1]],
      [[2, 1, 3], [1, 5, 1]],
      [[2, 3, 4, 5], [1, 2, 1, 3]],
      [[1, 2, 1, 3, 2], [2, 1, 3, 1, 2]],
      [[2, 3], [0, 2]],
      [[0, 3], [2, 2]],
      [[64], [256]],
    ]
    for (const [i, [shape, reps]] of cases.entries()) await expectSame(`tile [${shape}] x [${reps}]`, () => tf.tile(t(shape, i), reps))
    await expectSame('tile int32', () => tf.tile(tf.tensor([1, 2], [2], 'int32'), [3]))
    await expectSame('tile bool', () => tf.tile(tf.tensor([1, 0], [2], 'bool'), [2]))
  })

  it('transpose: every permutation of a rank-4 tensor, and size-1 dims', async () => {
    const perms: number[][] = []
    const permute = (prefix: number[], rest: number[]) => {
      if (rest.length === 0) perms.push(prefix)
      rest.forEach((r, i) => permute([...prefix, r], [...rest.slice(0, i), ...rest.slice(i + 1)]))
    }
    permute([], [0, 1, 2, 3])
    for (const perm of perms) await expectSame(`transpose [2,3,4,5] [${perm}]`, () => tf.transpose(t([2, 3, 4, 5], 3), perm))
    await expectSame('transpose size-1 dims', () => tf.transpose(t([1, 3, 1, 4], 5), [3, 2, 0, 1]))
    await expectSame('transpose large 2d', () => tf.transpose(t([300, 200], 6)))
    await expectSame('transpose int32', () => tf.transpose(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32')))
  })
})

describeNative('native element-wise gradients', () => {
  it('a small composite (broadcast bias and scale, sigmoid, tanh, exp, sqrt, maximum) has the cpu gradients', async () => {
    const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
      const z = tf.add(tf.mul(x, w), b)
      const s = tf.mul(tf.sigmoid(z), tf.tanh(tf.div(z, tf.scalar(2))))
      const m = tf.mean(tf.square(tf.sub(s, tf.mean(s, [0, 1, 2], true))), [0, 1, 2])
      const n = tf.div(s, tf.sqrt(tf.add(m, tf.scalar(1e-3))))
      return tf.sum(tf.add(tf.maximum(n, tf.scalar(0.1)), tf.exp(tf.neg(tf.abs(n)))))
    }
    await expectNear(
      'composite grads',
      () => tf.grads(f)([t([2, 3, 4, 5], 1), t([5], 2), t([1, 1, 1, 5], 3)].map((v) => tf.clipByValue(v, -2, 2))),
      1e-4,
    )
  })
})

describeNative('native concat and bilinear resize', () => {
  it('concat: every axis, several inputs, empty ones, large (threaded) channel concatenation, bit for bit', async () => {
    await expectSame('concat axis 0', () => tf.concat([t([2, 3, 4], 1), t([5, 3, 4], 2)], 0))
    await expectSame('concat axis 1', () => tf.concat([t([2, 3, 4], 3), t([2, 1, 4], 4), t([2, 6, 4], 5)], 1))
    await expectSame('concat last axis', () => tf.concat([t([2, 3, 4], 6), t([2, 3, 7], 7)], -1))
    await expectSame('concat with an empty input', () => tf.concat([t([2, 0, 4], 8), t([2, 3, 4], 9), t([2, 2, 4], 10)], 1))
    await expectSame('concat rank 1', () => tf.concat([t([5], 11), t([1], 12), t([9], 13)]))
    // CenterNet's: three feature maps of 64 channels at 128x128.
    await expectSame('concat channels 128x128', () => tf.concat([t([1, 128, 128, 64], 14), t([1, 128, 128, 32], 15), t([1, 128, 128, 64], 16)], 3))
    await expectSame('concat int32 (cpu)', () => tf.concat([tf.tensor([1, 2], [2], 'int32'), tf.tensor([3], [1], 'int32')]))
  })

  it('resizeBilinear: up and down, alignCorners and halfPixelCenters, one pixel, large (threaded), bit for bit', async () => {
    for (const [alignCorners, halfPixelCenters] of [[false, false], [true, false], [false, true]] as const) {
      for (const [from, to] of [[[2, 5, 7, 3], [11, 4]], [[1, 9, 6, 2], [3, 13]], [[1, 1, 1, 4], [5, 3]], [[2, 6, 6, 3], [1, 1]], [[1, 64, 64, 16], [128, 128]]] as const) {
        const label = `resize [${from}] -> [${to}] align ${alignCorners} half ${halfPixelCenters}`
        await expectSame(label, () => tf.image.resizeBilinear(t([...from], 20 + from[1]) as tf.Tensor4D, [...to] as [number, number], alignCorners, halfPixelCenters))
      }
    }
  })
})

describeNative('native element-wise kernels on bad input', () => {
  it('the addon refuses wrong lengths, shapes, op codes and axes with a JS error', () => {
    const addon = loadNativeAddon()
    const f = (n: number) => new Float32Array(n)
    expect(() => addon.binary(0, f(6), [2, 3], f(3), [3], f(5))).toThrow(/out has 5 elements/)
    expect(() => addon.binary(0, f(5), [2, 3], f(3), [3], f(6))).toThrow(/a has 5 elements/)
    expect(() => addon.binary(0, f(6), [2, 3], f(4), [4], f(6))).toThrow(/do not broadcast/)
    expect(() => addon.binary(99, f(1), [], f(1), [], f(1))).toThrow(/op must be an integer/)
    expect(() => addon.binary(0, f(1), [-1], f(1), [], f(1))).toThrow(/aShape must be an integer/)
    const shared = f(8)
    expect(() => addon.binary(0, shared.subarray(0, 4), [4], f(4), [4], shared.subarray(2, 6))).toThrow(/out overlaps a/)
    expect(() => addon.unary(0, f(4), f(3), 0)).toThrow(/out has 3 elements/)
    expect(() => addon.unary(0, [1, 2] as unknown as Float32Array, f(2), 0)).toThrow(/x must be a Float32Array/)
    expect(() => addon.addN([], f(2))).toThrow(/must not be empty/)
    expect(() => addon.addN([f(2), f(3)], f(2))).toThrow(/inputs\[1\] has 3 elements/)
    expect(() => addon.reduce(0, f(6), [2, 3], [0, 0], f(3))).toThrow(/twice/)
    expect(() => addon.reduce(0, f(6), [2, 3], [2], f(3))).toThrow(/axes must be an integer in \[0, 1\]/)
    expect(() => addon.reduce(0, f(6), [2, 3], [1], f(3))).toThrow(/out has 3 elements, but its shape \[2\]/)
    expect(() => addon.argReduce(0, f(6), [2, 3], 1, f(2) as unknown as Int32Array)).toThrow(/Int32Array/)
    expect(() => addon.argReduce(0, f(6), [2, 3], 1, new Int32Array(3))).toThrow(/out has 3 elements, expected 2/)
    expect(() => addon.tile(f(6), [2, 3], [2], f(12))).toThrow(/one entry per dim/)
    expect(() => addon.tile(f(6), [2, 3], [2, 1], f(11))).toThrow(/out has 11 elements/)
    expect(() => addon.transpose(f(6), [2, 3], [0, 0], f(6))).toThrow(/not a permutation/)
    expect(() => addon.transpose(f(6), [2, 3], [1, 0], f(5))).toThrow(/out has 5 elements/)
    expect(() => addon.concat([f(6), f(4)], [3, 2], 2, f(9))).toThrow(/out has 9 elements/)
    expect(() => addon.concat([f(6), f(5)], [3, 2], 2, f(10))).toThrow(/inputs\[1\] has 5 elements/)
    expect(() => addon.concat([f(6)], [3, 2], 2, f(6))).toThrow(/one integer per input/)
    expect(() => addon.resizeBilinear(f(12), [1, 2, 2, 3, 4, 4], false, false, f(47))).toThrow(/out has 47 elements/)
    expect(() => addon.resizeBilinear(f(12), [1, 0, 2, 3, 4, 4], false, false, f(48))).toThrow(/inH must be an integer/)
    expect(() => addon.resizeBilinear(f(12), [1, 2, 2, 3, 4, 4], 1 as unknown as boolean, false, f(48))).toThrow(/booleans/)
    expect(() => (addon.binary as unknown as (...a: unknown[]) => void)(0, f(1))).toThrow(/takes 6 arguments/)
  })
})
