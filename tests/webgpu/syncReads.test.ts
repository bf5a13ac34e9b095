/**
 * char-rnn's loss as tensor ops (what webgpu runs, as it cannot read logits synchronously) equals
 * the JavaScript loss the other backends run, value and gradient, on cpu; and withSyncReads only
 * calls its function on a backend that reads synchronously.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
// Gradient functions ship in the umbrella package's bundle.
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { readsSynchronously, withSyncReads } from '../../src/main/engine/syncReads'
import { sequenceLoss, sequenceLossOps } from '../../src/main/experiments/char-rnn/loss'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('char-rnn loss without synchronous reads', () => {
  it('the tensor-op loss equals the JavaScript one, value and gradient', () => {
    const logits = tf.randomNormal([3, 4, 27], 0, 2, 'float32', 9)
    const labels = Int32Array.from({ length: 12 }, (_, i) => (i * 7) % 27)
    const a = sequenceLoss(logits, labels, 4).dataSync()[0]
    const b = sequenceLossOps(logits, labels, 4).dataSync()[0]
    const ga = tf.grad((x: tf.Tensor) => sequenceLoss(x, labels, 4))(logits).dataSync()
    const gb = tf.grad((x: tf.Tensor) => sequenceLossOps(x, labels, 4))(logits).dataSync()
    // A hand check of the scale: uniform logits give log(27) per position, 12 positions over a batch of 4.
    const uniform = sequenceLossOps(tf.zeros([12, 27]), labels, 4).dataSync()[0]
    expect(uniform).toBeCloseTo((12 * Math.log(27)) / 4, 4)
    expect(b).toBeCloseTo(a, 4)
    expect(gb).toHaveLength(ga.length)
    expect(Math.max(...Array.from(gb, (g, i) => Math.abs(g - ga[i])))).toBeLessThan(1e-5)
    expect(Math.max(...Array.from(ga, Math.abs))).toBeGreaterThan(1e-3)
  })

  it('withSyncReads just calls its function where dataSync works', async () => {
    expect(readsSynchronously()).toBe(true)
    const t = tf.tensor([1, 2, 3])
    expect(await withSyncReads([t], () => Array.from(t.dataSync()))).toEqual([1, 2, 3])
    expect(tf.getBackend()).toBe('cpu')
    t.dispose()
  })
})
