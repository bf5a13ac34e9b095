import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FloatImage } from '../../src/main/experiments/srgan/bicubic'
import { nativeBackendError, registerNativeBackend } from '../../src/main/engine/native'
import { runGenerator, superResolve } from '../../src/main/experiments/srgan/infer'
import { buildGenerator } from '../../src/main/experiments/srgan/model'

beforeAll(async () => {
  const native = registerNativeBackend()
  if (!native) console.warn(`infer tests on the cpu backend: ${nativeBackendError()}`)
  await tf.setBackend(native ? 'native' : 'cpu')
})

describe('superResolve', () => {
  it('gives the whole-image result, clipped to [0, 1], whatever the tile size', async () => {
    const blocks = 2
    const g = buildGenerator({ blocks, channels: 8, seed: 4 })
    for (const w of g.weights) if (/moving_(mean|variance)/.test(w.originalName)) w.write(tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', 6))
    const width = 37
    const height = 21
    const image: FloatImage = { width, height, channels: 3, data: Float32Array.from({ length: width * height * 3 }, (_, i) => (Math.cos(i * 0.53) + 1) / 2) }
    const whole = runGenerator(g, image)
    const clipped = whole.data.map((v) => Math.min(1, Math.max(0, v)))
    // Some values are outside [0, 1], so the clipping is seen.
    expect(whole.data.some((v) => v < 0 || v > 1)).toBe(true)
    for (const tile of [8, 16, 128]) {
      let tiles = 0
      const out = await superResolve(g, blocks, image, { tile, onTile: () => tiles++ })
      expect([out.width, out.height]).toEqual([148, 84])
      expect(tiles).toBe(Math.ceil(width / tile) * Math.ceil(height / tile))
      let worst = 0
      clipped.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - out.data[i]))))
      expect(worst, `tile ${tile}`).toBeLessThan(1e-4)
    }
  }, 300_000)
})
