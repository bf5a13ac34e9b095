/**
 * The native backend's free list of kernel output arrays (src/main/engine/native/recyclingBackend.ts):
 * an array comes back only when nothing can still see it, and a reused one holds what a fresh one
 * would. Each case fails if the free list hands out an array that someone still reads.
 */
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { FREE_LIST_BYTES, RecyclingCpuBackend } from '../../src/main/engine/native/recyclingBackend'
import { describeNative, randomArray, use } from './helpers'

const N = 64 * 64 // above the free list's minimum length
const shape = [64, 64]

function backend(): RecyclingCpuBackend {
  const b = tf.backend()
  if (!(b instanceof RecyclingCpuBackend)) throw new Error(`the native backend is a ${b.constructor.name}, not a RecyclingCpuBackend`)
  return b
}

/** Several same-sized native outputs of other values, then disposed: reuse candidates for anything freed. */
function churn(times = 4): void {
  for (let i = 0; i < times; i++) tf.tidy(() => tf.mul(tf.tensor(randomArray(N, 500 + i), shape), 7))
}

describeNative('the native backend recycles kernel outputs', () => {
  it('reuses a disposed output, with the right values whatever the reused array held', async () => {
    await use('native')
    const x = tf.tensor(randomArray(N, 1), shape)
    tf.relu(x).dispose()
    const before = backend().stats.reused
    const y = tf.relu(x)
    expect(backend().stats.reused).toBe(before + 1)
    const expected = Array.from(randomArray(N, 1), (v) => Math.max(0, v))
    expect(Array.from(y.dataSync())).toEqual(expected.map((v) => Math.fround(v)))
    // A gradient kernel writes every element of a reused array (here full of other values, or NaN
    // when the tests poison recycled arrays).
    const input = tf.tensor4d(randomArray(16 * 16 * 16, 2), [1, 16, 16, 16])
    const grad = () => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(input)
    await use('cpu')
    const onCpu = grad().dataSync()
    await use('native')
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => tf.add(tf.tensor(randomArray(16 * 16 * 16, 3 + i), [1, 16, 16, 16]), 5)) // garbage into the free list
      const g = grad()
      expect(Array.from(g.dataSync())).toEqual(Array.from(onCpu))
      g.dispose()
    }
    tf.dispose([x, y, input])
  })

  it('never reuses an array that dataSync or data handed out', async () => {
    await use('native')
    const x = tf.tensor(randomArray(N, 4), shape)
    const t = tf.neg(x)
    const synced = t.dataSync()
    const snapshot = Array.from(synced)
    t.dispose()
    const u = tf.neg(x)
    const read = await u.data()
    const readSnapshot = Array.from(read)
    u.dispose()
    churn()
    expect(Array.from(synced)).toEqual(snapshot)
    expect(Array.from(read)).toEqual(readSnapshot)
    x.dispose()
  })

  it('never reuses an array that a second tensor stores (the cpu Complex kernel keeps its inputs\' arrays)', async () => {
    await use('native')
    const real = tf.abs(tf.tensor(randomArray(N, 5), shape))
    const imag = tf.tensor(randomArray(N, 6), shape)
    const c = tf.complex(real, imag)
    const expected = Array.from(tf.tidy(() => tf.abs(tf.tensor(randomArray(N, 5), shape))).dataSync())
    real.dispose()
    churn()
    expect(Array.from(tf.real(c).dataSync())).toEqual(expected)
    tf.dispose([c, imag])
  })

  it("never reuses a user's own array (tf.tensor keeps it as the tensor's storage)", async () => {
    await use('native')
    const mine = new Float32Array(N).fill(3)
    tf.tensor(mine, shape).dispose()
    churn()
    expect(mine.every((v) => v === 3)).toBe(true)
  })

  it('keeps reshaped views of an output intact until the last one is disposed', async () => {
    await use('native')
    const t = tf.sqrt(tf.tensor(randomArray(N, 7).map(Math.abs), shape))
    const view = tf.reshape(t, [N])
    const expected = Array.from(tf.tidy(() => tf.sqrt(tf.tensor(randomArray(N, 7).map(Math.abs), shape))).dataSync())
    t.dispose()
    churn()
    expect(Array.from(view.dataSync())).toEqual(expected)
    view.dispose()
  })

  it('holds a bounded free list and a flat tensor count over training-like churn', async () => {
    await use('native')
    const tensors = tf.memory().numTensors
    for (let step = 0; step < 20; step++) {
      tf.tidy(() => {
        let a = tf.tensor(randomArray(256 * 256, step), [256, 256])
        for (let k = 0; k < 10; k++) a = tf.relu(tf.sub(tf.mul(a, 1.01), 0.001))
        return undefined
      })
    }
    expect(tf.memory().numTensors).toBe(tensors)
    // After the last step its arrays wait in the list, within its bound.
    expect(backend().freeListBytes()).toBeGreaterThan(0)
    expect(backend().freeListBytes()).toBeLessThanOrEqual(FREE_LIST_BYTES)
    expect(backend().stats.reused).toBeGreaterThan(100)
  })
})
