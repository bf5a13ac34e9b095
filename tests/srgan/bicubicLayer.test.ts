import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { resizeBicubic, type FloatImage } from '../../src/main/experiments/srgan/bicubic'
import { BicubicUpsample } from '../../src/main/experiments/srgan/bicubicLayer'
import { buildGenerator, trainableCount } from '../../src/main/experiments/srgan/model'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('the bicubic input skip', () => {
  it("upsamples 4x as resizeBicubic (Pillow's weights) does, away from the 2 LR px border", () => {
    const w = 13
    const h = 9
    const image: FloatImage = { width: w, height: h, channels: 3, data: Float32Array.from({ length: w * h * 3 }, (_, i) => (Math.sin(i * 0.71) + 1) / 2) }
    const ours = (new BicubicUpsample().apply(tf.tensor4d(image.data, [1, h, w, 3])) as tf.Tensor).dataSync()
    const ref = resizeBicubic(image, w * 4, h * 4).data
    let worst = 0
    for (let y = 8; y < h * 4 - 8; y++) for (let x = 8; x < w * 4 - 8; x++) for (let c = 0; c < 3; c++) {
      const i = (y * w * 4 + x) * 3 + c
      worst = Math.max(worst, Math.abs(ours[i] - ref[i]))
    }
    expect(worst).toBeLessThan(1e-5)
  })

  it('makes an untrained generator exactly bicubic, with the paper\'s parameter count', () => {
    const plain = buildGenerator({ blocks: 1, channels: 8, seed: 1 })
    const skip = buildGenerator({ blocks: 1, channels: 8, seed: 1, bicubicSkip: true })
    expect(trainableCount(skip)).toBe(trainableCount(plain))
    const x = tf.randomUniform([1, 6, 7, 3], 0, 1, 'float32', 3) as tf.Tensor4D
    const out = (skip.predict(x) as tf.Tensor).dataSync()
    const up = (new BicubicUpsample().apply(x) as tf.Tensor).dataSync()
    expect(Array.from(out)).toEqual(Array.from(up))
  })
})
