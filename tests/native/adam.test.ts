/**
 * The native Adam (createAdam on the `native` backend) against tf.train.adam on the cpu backend:
 * the same gradients give the same variables and moments bit for bit, step after step; the
 * optimiser's state survives a checkpoint round trip (src/main/training/checkpoint.ts); the tensor
 * count stays flat; the addon refuses inconsistent buffers. On any backend, an Adam restored from
 * a checkpoint holds the same accBeta1/2 as the uninterrupted one, bit for bit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NativeAdamOptimizer, runningPower } from '../../src/main/engine/native/adam'
import { loadNativeAddon, type AdamCoefficients } from '../../src/main/engine/native/addon'
import { loadCheckpoint, saveCheckpoint } from '../../src/main/training/checkpoint'
import { createAdam } from '../../src/main/training/optimizers'
import { describeNative, expectClose, expectSameBits, randomArray, size, use } from './helpers'

// Shapes of every kind, one past the pool's 32k-element grain so the update is split over threads.
const SHAPES: number[][] = [[3, 4], [5], [2, 3, 3, 2], [], [70001]]

let run = 0

/** Fresh variables with unique names (tfjs's variable names are global). */
function makeVariables(seed: number): tf.Variable[] {
  run++
  return SHAPES.map((shape, i) => tf.variable(tf.tensor(randomArray(Math.max(1, size(shape)), seed + i), shape), true, `adam_test_${run}_${i}`))
}

/** Step `step`'s gradient for variable i; variable 1 has none at step 2 (Adam must skip it). */
function gradient(step: number, i: number): tf.Tensor | null {
  if (step === 2 && i === 1) return null
  // Large and small magnitudes, so the square root and epsilon both matter.
  const scale = i === 2 ? 1e-4 : 3
  return tf.tensor(randomArray(Math.max(1, size(SHAPES[i])), 1000 + 17 * step + i).map((v) => v * scale), SHAPES[i])
}

/** One step through applyGradients, alternating its two argument forms. */
function step(optimizer: tf.Optimizer, variables: tf.Variable[], s: number): void {
  const grads = variables.map((_, i) => gradient(s, i))
  if (s % 2 === 0) {
    optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i] as tf.Tensor })))
  } else {
    const map: tf.NamedTensorMap = {}
    variables.forEach((v, i) => {
      if (grads[i]) map[v.name] = grads[i] as tf.Tensor
    })
    optimizer.applyGradients(map)
  }
  tf.dispose(grads.filter((g): g is tf.Tensor => g !== null))
}

interface Trained {
  values: Float32Array[]
  slots: Float32Array[]
  iterations: number
}

async function snapshot(optimizer: tf.Optimizer, variables: tf.Variable[]): Promise<Trained> {
  const weights = await optimizer.getWeights()
  const slots = weights.filter((w) => w.name !== 'iter').map((w) => w.tensor.dataSync() as Float32Array)
  weights.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose())
  return { values: variables.map((v) => v.dataSync() as Float32Array), slots, iterations: optimizer.iterations }
}

async function train(backend: 'cpu' | 'native', make: () => tf.Optimizer, steps: number): Promise<Trained> {
  await use(backend)
  const variables = makeVariables(1)
  const optimizer = make()
  for (let s = 0; s < steps; s++) step(optimizer, variables, s)
  const result = await snapshot(optimizer, variables)
  optimizer.dispose()
  tf.dispose(variables)
  return result
}

function expectSameTraining(actual: Trained, expected: Trained): void {
  expect(actual.iterations).toBe(expected.iterations)
  expect(actual.slots.length).toBe(expected.slots.length)
  actual.values.forEach((v, i) => {
    expectClose(v, expected.values[i], `variable ${i}`, 1e-6, 0)
    expectSameBits(v, expected.values[i], `variable ${i}`)
  })
  actual.slots.forEach((s, i) => expectSameBits(s, expected.slots[i], `slot ${i}`))
}

/**
 * The next step writes `target`'s new values into its existing data array; once `share(target)`
 * holds that data too, the step after leaves the held values alone and gives target a new array.
 */
function expectInPlaceUntilShared(optimizer: tf.Optimizer, loss: () => tf.Scalar, target: tf.Tensor, share: (t: tf.Tensor) => tf.Tensor): void {
  const backend = tf.backend() as unknown as { data: { get(id: object): { values: unknown } } }
  const before = backend.data.get(target.dataId).values
  const valuesBefore = Float32Array.from(target.dataSync())
  optimizer.minimize(loss)
  expect(backend.data.get(target.dataId).values).toBe(before)
  expect(Array.from(target.dataSync())).not.toEqual(Array.from(valuesBefore))
  const held = share(target)
  const snapshot = Float32Array.from(held.dataSync())
  optimizer.minimize(loss)
  expect(Array.from(held.dataSync())).toEqual(Array.from(snapshot))
  expect(backend.data.get(target.dataId).values).not.toBe(before)
  held.dispose()
}

afterEach(() => {
  vi.restoreAllMocks()
})

describeNative('native Adam', () => {
  it('equals tf.train.adam on cpu, bit for bit, over several steps', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'adam')
    const expected = await train('cpu', () => tf.train.adam(0.01), 6)
    const actual = await train('native', () => createAdam(0.01), 6)
    expectSameTraining(actual, expected)
    // One call per variable and step, less the missing gradient.
    expect(spy).toHaveBeenCalledTimes(6 * SHAPES.length - 1)
  })

  it('equals it with other hyper-parameters (char-rnn: epsilon 1e-8)', async () => {
    const expected = await train('cpu', () => tf.train.adam(0.003, 0.8, 0.99, 1e-8), 4)
    const actual = await train('native', () => createAdam(0.003, 0.8, 0.99, 1e-8), 4)
    expectSameTraining(actual, expected)
  })

  it('is AdamOptimizer itself on other backends', async () => {
    const spy = vi.spyOn(loadNativeAddon(), 'adam')
    const expected = await train('cpu', () => tf.train.adam(0.01), 3)
    const actual = await train('cpu', () => createAdam(0.01), 3)
    expectSameTraining(actual, expected)
    expect(spy).not.toHaveBeenCalled()
    const adam = createAdam(0.01)
    expect(adam).toBeInstanceOf(tf.AdamOptimizer)
    expect(adam.getClassName()).toBe('Adam')
    expect(adam.getConfig()).toEqual(tf.train.adam(0.01).getConfig())
    adam.dispose()
  })

  it('keeps the tensor count flat', async () => {
    await use('native')
    const variables = makeVariables(2)
    const optimizer = createAdam(0.01)
    step(optimizer, variables, 0) // creates the moment variables
    const before = tf.memory().numTensors
    for (let s = 1; s < 5; s++) step(optimizer, variables, s)
    expect(tf.memory().numTensors).toBe(before)
    optimizer.dispose()
    tf.dispose(variables)
  })

  it('leaves tensors that share a variable\'s data unchanged', async () => {
    await use('native')
    const initial = tf.tensor([1, 2, 3])
    const variable = tf.variable(initial, true, `adam_shared_${++run}`)
    const optimizer = createAdam(0.1)
    const g = tf.tensor([1, 1, 1])
    optimizer.applyGradients([{ name: variable.name, tensor: g }])
    expect(Array.from(initial.dataSync())).toEqual([1, 2, 3])
    expect(variable.dataSync()[0]).not.toBe(1)
    tf.dispose([initial, variable, g])
    optimizer.dispose()
  })

  it('continues from a checkpoint as it would have without one, bit for bit', async () => {
    await use('native')
    const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-adam-'))
    try {
      const holder = (variables: tf.Variable[]) => ({
        getWeights: () => variables as tf.Tensor[],
        setWeights: (weights: tf.Tensor[]) => weights.forEach((w, i) => variables[i].assign(w)),
      })
      // Saved after 2 steps: there tfjs's pow(0.999, 3) (0.997003) is one float32 bit away from the
      // running product 0.999 * 0.999 * 0.999 (0.9970031) the uninterrupted optimiser holds.
      const straight = makeVariables(3)
      const straightOptimizer = createAdam(0.01)
      for (let s = 0; s < 2; s++) step(straightOptimizer, straight, s)
      await saveCheckpoint(dir, 'epoch-0001', holder(straight), straightOptimizer, { step: 2, epoch: 1 })
      for (let s = 2; s < 6; s++) step(straightOptimizer, straight, s)

      const resumed = makeVariables(4) // other initial values: the checkpoint replaces them
      const resumedOptimizer = createAdam(0.01)
      const tensorsBefore = tf.memory().numTensors
      await loadCheckpoint(path.join(dir, 'epoch-0001'), holder(resumed), resumedOptimizer)
      expect(resumedOptimizer.iterations).toBe(2)
      // The optimiser now owns two moment variables per model variable.
      expect(tf.memory().numTensors).toBe(tensorsBefore + 2 * SHAPES.length)
      for (let s = 2; s < 6; s++) step(resumedOptimizer, resumed, s)

      const a = await snapshot(resumedOptimizer, resumed)
      const b = await snapshot(straightOptimizer, straight)
      expect(a.iterations).toBe(6)
      a.values.forEach((v, i) => expectSameBits(v, b.values[i], `resumed variable ${i}`))
      a.slots.forEach((v, i) => expectSameBits(v, b.slots[i], `resumed slot ${i}`))
      straightOptimizer.dispose()
      resumedOptimizer.dispose()
      tf.dispose([...straight, ...resumed])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('updates in place when asked to, with the same result', () => {
    const addon = loadNativeAddon()
    const c: AdamCoefficients = [0.9, 0.999, 0.1, 0.001, 0.1, 0.001, 1e-7, -0.01]
    const inputs = () => [randomArray(50, 1), randomArray(50, 2).map((v) => v * 0.1), randomArray(50, 3).map((v) => v * v), randomArray(50, 4)]
    const [value, m, v, g] = inputs()
    const out = [new Float32Array(50), new Float32Array(50), new Float32Array(50)]
    addon.adam(value, m, v, g, out[0], out[1], out[2], c)
    const [value2, m2, v2, g2] = inputs()
    addon.adam(value2, m2, v2, g2, value2, m2, v2, c)
    expectSameBits(value2, out[0], 'value')
    expectSameBits(m2, out[1], 'm')
    expectSameBits(v2, out[2], 'v')
  })

  it('updates the weights in place only while nothing else holds their data', () => {
    use('native')
    const [w] = makeVariables(8)
    const optimizer = createAdam(0.01)
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar
    optimizer.minimize(loss) // makeVariables' initial tensor still shares w's data: this step gives w its own array
    // A reshape shares the weights' data.
    expectInPlaceUntilShared(optimizer, loss, w, (t) => tf.reshape(t, [-1]))
    w.dispose()
    optimizer.dispose()
  })

  it('updates the moments in place only while nothing else holds their data', () => {
    use('native')
    const [w] = makeVariables(7)
    const optimizer = createAdam(0.01)
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar
    optimizer.minimize(loss)
    const state = optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[] }
    // A clone shares the moment's data.
    expectInPlaceUntilShared(optimizer, loss, state.accumulatedFirstMoment[0].variable, (t) => t.clone())
    w.dispose()
    optimizer.dispose()
  })

  it('refuses inconsistent buffers with an Error, not a crash', () => {
    const addon = loadNativeAddon()
    const c: AdamCoefficients = [0.9, 0.999, 0.1, 0.001, 0.1, 0.001, 1e-7, -0.01]
    const a = () => new Float32Array(8)
    expect(() => addon.adam(a(), a(), new Float32Array(7), a(), a(), a(), a(), c)).toThrow(/v has 7 elements, expected 8/)
    expect(() => addon.adam(a(), a(), a(), a(), a(), a(), new Float32Array(9), c)).toThrow(/newV has 9 elements/)
    const shared = new Float32Array(16)
    expect(() => addon.adam(shared.subarray(0, 8), a(), a(), a(), shared.subarray(4, 12), a(), a(), c)).toThrow(/newValue overlaps value/)
    const m = a()
    expect(() => addon.adam(a(), m, a(), a(), m, a(), a(), c)).toThrow(/newValue overlaps m/)
    expect(() => addon.adam(a(), a(), a(), a(), a(), a(), a(), [1, 2, 3] as unknown as AdamCoefficients)).toThrow(/8 numbers/)
    expect(() => createAdam(Number.NaN)).toThrow(/learningRate must be a finite number/)
    expect(new NativeAdamOptimizer(0.1, 0.9, 0.999).iterations).toBe(0)
  })
})

/** AdamOptimizer's private running powers of beta1 and beta2. */
const accBetas = (o: tf.Optimizer) => {
  const state = o as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable }
  return [state.accBeta1.dataSync()[0], state.accBeta2.dataSync()[0]]
}

describe('Adam restored from its weights (any backend)', () => {
  it("holds the uninterrupted optimiser's running powers of beta1 and beta2, bit for bit, after 0 to 12 steps", async () => {
    await use('cpu')
    for (const [beta1, beta2] of [[0.9, 0.999], [0.8, 0.99]]) {
      const variables = makeVariables(5)
      // The reference: tf.train.adam's own accBeta, multiplied by beta once per step by tf.mul.
      const straight = tf.train.adam(0.01, beta1, beta2)
      const mismatches: number[] = []
      for (let n = 0; n <= 12; n++) {
        if (n > 0) step(straight, variables, n - 1)
        const weights = await straight.getWeights()
        const copies = weights.map((w) => ({ name: w.name, tensor: w.tensor.clone() }))
        weights.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose())
        const restored = createAdam(0.01, beta1, beta2)
        await restored.setWeights(copies)
        tf.dispose(copies.map((c) => c.tensor))
        expect(restored.iterations).toBe(n)
        expect(accBetas(restored), `beta ${beta1}/${beta2} after ${n} steps`).toEqual(accBetas(straight))
        // tfjs's pow(beta, n + 1) differs in the last bit at some n: the case the running product is for.
        if (Math.fround(Math.fround(beta2) ** (n + 1)) !== accBetas(straight)[1]) mismatches.push(n)
        restored.dispose()
      }
      if (beta2 === 0.999) expect(mismatches).toContain(2)
      straight.dispose()
      tf.dispose(variables)
    }
  })

  it('runningPower is the float32 product, also where it stops changing', () => {
    expect(runningPower(0.999, 2)).toBe(Math.fround(Math.fround(Math.fround(0.999) * Math.fround(0.999)) * Math.fround(0.999)))
    expect(runningPower(0.999, 2)).not.toBe(Math.fround(Math.fround(0.999) ** 3))
    expect(runningPower(0.9, 0)).toBe(Math.fround(0.9))
    // Far into the subnormals a product rounds back to its input; the loop stops there.
    const late = runningPower(0.999, 10_000_000)
    expect(late).toBeLessThan(1e-40)
    expect(Math.fround(late * Math.fround(0.999))).toBe(late)
    expect(runningPower(0.999, 20_000_000)).toBe(late)
  })
})
