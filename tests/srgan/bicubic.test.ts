import { describe, expect, it } from 'vitest'
import { cubicKernel, downscale, resizeBicubic, type FloatImage } from '../../src/main/experiments/srgan/bicubic'
import { pythonMissing, runPython } from './python'

const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)

function noise(width: number, height: number, channels: number, seed: number): FloatImage {
  const r = random(seed)
  return { width, height, channels, data: Float32Array.from({ length: width * height * channels }, r) }
}

describe('the bicubic kernel (a = -0.5)', () => {
  it('has the values of the Keys formula, computed by hand', () => {
    expect(cubicKernel(0)).toBe(1)
    expect(cubicKernel(1)).toBeCloseTo(0, 12)
    expect(cubicKernel(2)).toBeCloseTo(0, 12)
    // |x| < 1: 1.5|x|^3 - 2.5|x|^2 + 1; 1 <= |x| < 2: -0.5|x|^3 + 2.5|x|^2 - 4|x| + 2
    expect(cubicKernel(0.5)).toBeCloseTo(0.5625, 12)
    expect(cubicKernel(-1.5)).toBeCloseTo(-0.0625, 12)
    expect(cubicKernel(3)).toBe(0)
  })
})

describe('resizeBicubic', () => {
  it('keeps a constant image constant, up and down', () => {
    const flat: FloatImage = { width: 12, height: 8, channels: 3, data: new Float32Array(12 * 8 * 3).fill(0.3) }
    for (const [w, h] of [[3, 2], [48, 32], [7, 5]]) {
      const out = resizeBicubic(flat, w, h)
      for (const v of out.data) expect(v).toBeCloseTo(0.3, 6)
    }
  })

  it('refuses sides that the scale does not divide', () => {
    expect(() => downscale(noise(10, 8, 3, 1), 4)).toThrow(/not divisible by the scale 4/)
  })

  const missing = pythonMissing(['PIL', 'numpy'])
  it.skipIf(missing)("agrees with Pillow's BICUBIC on random images (x4 down, x4 up, odd sizes)", () => {
    const cases: Array<[FloatImage, number, number]> = [
      [noise(32, 24, 1, 7), 8, 6],
      [noise(8, 6, 1, 8), 32, 24],
      [noise(13, 9, 1, 9), 5, 17],
    ]
    const expected = runPython<number[][]>(
      `
import json, sys, numpy as np
from PIL import Image
out = []
for c in json.load(sys.stdin):
    a = np.array(c['data'], dtype=np.float32).reshape(c['h'], c['w'])
    r = Image.fromarray(a, mode='F').resize((c['ow'], c['oh']), Image.BICUBIC)
    out.append(np.asarray(r, dtype=np.float64).ravel().tolist())
print(json.dumps(out))`,
      cases.map(([im, ow, oh]) => ({ w: im.width, h: im.height, data: Array.from(im.data), ow, oh })),
    )
    cases.forEach(([im, ow, oh], k) => {
      const ours = resizeBicubic(im, ow, oh).data
      expect(ours.length).toBe(expected[k].length)
      let worst = 0
      ours.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[k][i]))))
      expect(worst).toBeLessThan(1e-4)
    })
  })
})
