import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FloatImage } from '../../src/main/experiments/srgan/bicubic'
import { nativeBackendError, registerNativeBackend } from '../../src/main/engine/native'
import { buildGenerator } from '../../src/main/experiments/srgan/model'
import { planTiles, receptiveRadius, upscaleTiled } from '../../src/main/experiments/srgan/tiling'

beforeAll(async () => {
  const native = registerNativeBackend()
  if (!native) console.warn(`tiling tests on the cpu backend: ${nativeBackendError()}`)
  await tf.setBackend(native ? 'native' : 'cpu')
})

describe('planTiles', () => {
  it('covers every pixel exactly once, with context clipped to the image', () => {
    const tiles = planTiles(10, 7, 4, 2)
    const seen = new Uint8Array(70)
    for (const t of tiles) for (let y = t.y; y < t.y + t.height; y++) for (let x = t.x; x < t.x + t.width; x++) seen[y * 10 + x]++
    expect(Array.from(seen).every((n) => n === 1)).toBe(true)
    expect(tiles[0]).toMatchObject({ x: 0, y: 0, contextX: 0, contextY: 0, contextWidth: 6, contextHeight: 6 })
    expect(tiles.at(-1)).toMatchObject({ x: 8, y: 4, width: 2, height: 3, contextX: 6, contextY: 2, contextWidth: 4, contextHeight: 5 })
  })
})

describe('upscaleTiled', () => {
  it("stitches tiles into the whole image's result (a real generator, margin = its receptive radius)", async () => {
    const blocks = 1
    const g = buildGenerator({ blocks, channels: 4, seed: 2 })
    // Random BatchNorm statistics, so inference-mode BN is not the identity.
    for (const w of g.weights) if (/moving_(mean|variance)/.test(w.originalName)) w.write(tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', 3))
    const run = (patch: FloatImage): FloatImage => {
      const out = tf.tidy(() => g.predict(tf.tensor4d(patch.data, [1, patch.height, patch.width, 3])) as tf.Tensor4D)
      const data = out.dataSync() as Float32Array
      out.dispose()
      return { width: patch.width * 4, height: patch.height * 4, channels: 3, data }
    }
    const width = 23
    const height = 17
    const image: FloatImage = { width, height, channels: 3, data: Float32Array.from({ length: width * height * 3 }, (_, i) => (Math.sin(i * 0.37) + 1) / 2) }
    const whole = run(image)
    let calls = 0
    const tiled = await upscaleTiled(image, 4, 8, receptiveRadius(blocks), run, () => calls++)
    expect(calls).toBe(3 * 3)
    let worst = 0
    whole.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - tiled.data[i]))))
    expect(worst).toBeLessThan(1e-4)
    // Without context the seams differ: the comparison above can fail.
    const seams = await upscaleTiled(image, 4, 8, 0, run)
    let seamWorst = 0
    whole.data.forEach((v, i) => (seamWorst = Math.max(seamWorst, Math.abs(v - seams.data[i]))))
    expect(seamWorst).toBeGreaterThan(1e-3)
  }, 300_000)
})
