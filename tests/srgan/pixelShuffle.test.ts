import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { pixelShuffle } from '../../src/main/experiments/srgan/pixelShuffle'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** The definition, one element at a time: out[n, h*r+i, w*r+j, c] = in[n, h, w, c*r*r + i*r + j] (PyTorch's order). */
function reference(x: Float32Array, [n, h, w, d]: number[], r: number): Float32Array {
  const c = d / (r * r)
  const out = new Float32Array(x.length)
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++)
        for (let ch = 0; ch < c; ch++)
          for (let i = 0; i < r; i++)
            for (let j = 0; j < r; j++) {
              const src = ((b * h + y) * w + xx) * d + ch * r * r + i * r + j
              const dst = ((b * h * r + y * r + i) * w * r + xx * r + j) * c + ch
              out[dst] = x[src]
            }
  return out
}

describe('pixelShuffle', () => {
  for (const [shape, r] of [[[1, 2, 3, 4], 2], [[2, 3, 2, 12], 2], [[1, 2, 2, 18], 3]] as Array<[number[], number]>) {
    it(`matches the element-wise definition for ${shape.join('x')}, r=${r}`, () => {
      const size = shape.reduce((a, b) => a * b, 1)
      const data = Float32Array.from({ length: size }, (_, i) => i)
      const out = pixelShuffle(tf.tensor4d(data, shape as [number, number, number, number]), r)
      expect(out.shape).toEqual([shape[0], shape[1] * r, shape[2] * r, shape[3] / (r * r)])
      expect(Array.from(out.dataSync())).toEqual(Array.from(reference(data, shape, r)))
    })
  }

  it('passes gradients back to the element each output came from', () => {
    const shape: [number, number, number, number] = [1, 2, 2, 8]
    const x = tf.randomNormal(shape, 0, 1, 'float32', 1)
    const weights = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 2)
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(pixelShuffle(v as tf.Tensor4D, 2), weights)))(x)
    // d/dx_k of sum(w * shuffle(x)) is the weight at the output where x_k lands: invert the permutation.
    const idx = reference(Float32Array.from({ length: 32 }, (_, i) => i), shape, 2)
    const expected = new Float32Array(32)
    const w = weights.dataSync()
    idx.forEach((src, dst) => (expected[src] = w[dst]))
    expect(Array.from(grad.dataSync())).toEqual(Array.from(expected))
  })

  it('refuses a channel count that does not split into r x r', () => {
    expect(() => pixelShuffle(tf.zeros([1, 2, 2, 6]) as tf.Tensor4D, 2)).toThrow(/6 channels cannot be split into 2x2/)
  })
})
