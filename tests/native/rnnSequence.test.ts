/**
 * The whole-sequence recurrent kernels (BenchtopTanhSequence, BenchtopGruSequence and their
 * backward passes) against the composed tf ops of the char-rnn cells on the cpu backend: the
 * states of every step and the gradients of sum(h * r) with respect to the inputs and every
 * weight, over random shapes (batch 1, one step, hidden sizes that are not multiples of 8).
 */
import * as tf from '@tensorflow/tfjs-core'
import { afterEach, expect, it, vi } from 'vitest'
import { loadNativeAddon } from '../../src/main/engine/native/addon'
import { gruLayer, rnn1Layer, type MakeVariable } from '../../src/main/experiments/char-rnn/cells'
import { describeNative, expectClose, randomArray, scoped, size, use } from './helpers'

interface Case {
  cell: 'rnn1' | 'gru'
  steps: number
  batch: number
  input: number
  hidden: number
}

/** A deterministic generator of cases: every shape edge plus random ones. */
function cases(): Case[] {
  const fixed: Array<[number, number, number, number]> = [
    // One step is left out: tfjs-core's Unpack gradient fails on an axis of length 1 (it gets a
    // single dy, not an array), so the composed reference cannot be differentiated there.
    [2, 1, 1, 1],
    [2, 3, 5, 7],
    [5, 1, 4, 9],
    [20, 48, 27, 32],
    [12, 16, 64, 64],
    [3, 2, 1, 13],
  ]
  let state = 12345
  const next = (max: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return 1 + (state % max)
  }
  const random = Array.from({ length: 6 }, () => [1 + next(11), next(20), next(30), next(40)] as [number, number, number, number])
  return (['rnn1', 'gru'] as const).flatMap((cell) => [...fixed, ...random].map(([steps, batch, input, hidden]) => ({ cell, steps, batch, input, hidden })))
}

interface Result {
  h: Float32Array
  /** d sum(h * r) / d x, then d / d each weight in the layer's variable order. */
  grads: Float32Array[]
  names: string[]
}

async function run(backend: 'cpu' | 'native', c: Case, seed: number): Promise<Result> {
  await use(backend)
  const variables: tf.Variable[] = []
  const names: string[] = []
  let s = seed
  // Weights in [-limit * 3, limit * 3): larger than the init's, so the gates saturate somewhere too.
  const make: MakeVariable = (shape, name, limit) => {
    const init = tf.tensor(randomArray(size(shape), s++).map((x) => 3 * limit * x), shape)
    const v = tf.variable(init, true)
    init.dispose()
    variables.push(v)
    names.push(name)
    return v
  }
  const layer = (c.cell === 'rnn1' ? rnn1Layer : gruLayer)(c.input, c.hidden, make, c.cell)
  const xShape = [c.steps, c.batch, c.input]
  const xInit = tf.tensor(randomArray(size(xShape), s++).map((v) => 2 * v), xShape)
  const x = tf.variable(xInit, true)
  xInit.dispose()
  const rShape = [c.steps, c.batch, c.hidden]
  try {
    return scoped(() => {
      const r = tf.tensor(randomArray(size(rShape), s++), rShape)
      const h = layer.run(x as unknown as tf.Tensor3D)
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.run(x as unknown as tf.Tensor3D), r)) as tf.Scalar, [x, ...variables])
      return {
        h: h.dataSync() as Float32Array,
        grads: [x, ...variables].map((v) => grads[v.name].dataSync() as Float32Array),
        names: ['x', ...names],
      }
    })
  } finally {
    tf.dispose([x, ...variables])
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describeNative('native whole-sequence RNN1 and GRU kernels against the composed ops on cpu', () => {
  it('match the states and every gradient over random shapes', async () => {
    const addon = loadNativeAddon()
    const forward = vi.spyOn(addon, 'rnnForward')
    const backward = vi.spyOn(addon, 'rnnBackward')
    let seed = 900
    for (const c of cases()) {
      const label = `${c.cell} T ${c.steps}, batch ${c.batch}, input ${c.input}, hidden ${c.hidden}`
      const calls = [forward.mock.calls.length, backward.mock.calls.length]
      const expected = await run('cpu', c, seed)
      expect([forward.mock.calls.length, backward.mock.calls.length], `${label}: cpu runs the composed ops`).toEqual(calls)
      const actual = await run('native', c, seed)
      seed += 100
      // One forward for h, one under the tape, and one backward.
      expect([forward.mock.calls.length - calls[0], backward.mock.calls.length - calls[1]], `${label}: the native kernels ran`).toEqual([2, 1])
      expectClose(actual.h, expected.h, `${label}: h`, 1e-4, 1e-5)
      expect(actual.names).toEqual(expected.names)
      actual.grads.forEach((g, i) => {
        // Sums over T * batch terms in float32 in a different order than the composed ops.
        expectClose(g, expected.grads[i], `${label}: d/d ${actual.names[i]}`, 1e-3, 1e-4 * Math.sqrt(c.steps * c.batch))
      })
    }
  }, 600_000) // a guard against a hang, not a speed check: the cpu reference alone takes up to 2 min on a busy 2-core machine

  it('keeps tensor counts flat over repeated forward and backward passes', async () => {
    for (const cell of ['rnn1', 'gru'] as const) {
      const c: Case = { cell, steps: 4, batch: 3, input: 5, hidden: 6 }
      await run('native', c, 1)
      const before = tf.memory().numTensors
      for (let i = 0; i < 3; i++) await run('native', c, 1)
      expect(tf.memory().numTensors, cell).toBe(before)
    }
  })

  it('refuses inconsistent shapes with a message naming the kernel and the input', async () => {
    await use('native')
    scoped(() => {
      const x = tf.zeros([2, 3, 4])
      expect(() => tf.engine().runKernel('BenchtopTanhSequence', { x, w: tf.zeros([5, 2]), b: tf.zeros([2]) })).toThrow(
        /BenchtopTanhSequence: w has shape \[5,2\], expected \[6,2\]/,
      )
      expect(() =>
        tf.engine().runKernel('BenchtopGruSequence', { x, wi: tf.zeros([3, 4, 2]), wh: tf.zeros([3, 2, 2]), bi: tf.zeros([3, 2]), bh: tf.zeros([2, 2]) }),
      ).toThrow(/BenchtopGruSequence: bh has shape \[2,2\], expected \[3,2\]/)
    })
  })
})

const STEPS = 20

describeNative('char-rnn training on native with the sequence kernels', () => {
  it('gives the same losses as cpu step by step, and the loss falls (rnn1 and gru)', async () => {
    const { buildCharModel } = await import('../../src/main/experiments/char-rnn/model')
    const { trainStep } = await import('../../src/main/experiments/char-rnn/loop')
    const { encodeWords } = await import('../../src/main/experiments/char-rnn/alphabet')
    const { createAdam } = await import('../../src/main/training/optimizers')
    const words = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'hazel', 'ice', 'jam', 'kiwi', 'lemon']
    const maxLength = 7
    const train = encodeWords(words, maxLength)
    const indices = Int32Array.from(words.keys())
    for (const kind of ['rnn1', 'gru'] as const) {
      const losses: Record<string, number[]> = {}
      for (const backend of ['cpu', 'native'] as const) {
        await use(backend)
        const forward = vi.spyOn(loadNativeAddon(), 'rnnForward')
        const model = buildCharModel({ kind, hidden: 0, layers: 2, seed: 3 })
        const optimizer = createAdam(0.01, 0.9, 0.999, 1e-8)
        losses[backend] = []
        for (let step = 1; step <= STEPS; step++) {
          const [loss] = await trainStep({ model, optimizer, train, clip: 0.5, seed: 3 }, indices, maxLength + 1, step)
          losses[backend].push(loss)
        }
        expect(forward.mock.calls.length > 0, `${kind} on ${backend}: native kernels used`).toBe(backend === 'native')
        forward.mockRestore()
        model.dispose()
        optimizer.dispose()
      }
      // Float32 sums in another order drift apart slowly over the steps.
      expectClose(losses.native.slice(0, 5), losses.cpu.slice(0, 5), `${kind}: first losses`, 1e-4, 1e-4)
      expectClose(losses.native, losses.cpu, `${kind}: losses over ${STEPS} steps`, 2e-2, 1e-3)
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length
      expect(mean(losses.native.slice(-5)), `${kind}: loss falls on native`).toBeLessThan(0.7 * mean(losses.native.slice(0, 5)))
    }
  }, 300_000)
})
