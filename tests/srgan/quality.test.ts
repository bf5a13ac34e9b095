import { describe, expect, it } from 'vitest'
import type { FloatImage } from '../../src/main/experiments/srgan/bicubic'
import { cropBorder, luma, psnr, srQuality, ssim, type Plane } from '../../src/main/experiments/srgan/quality'
import { pythonMissing, runPython } from './python'

const plane = (width: number, height: number, f: (x: number, y: number) => number): Plane => {
  const data = new Float64Array(width * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y)
  return { width, height, data }
}

describe('PSNR and SSIM, hand-computed cases', () => {
  it('PSNR of a constant error of 5 grey levels is 10 log10(255^2 / 25) = 34.151 dB', () => {
    const a = plane(16, 16, (x, y) => (x * 7 + y * 3) % 200)
    const b = plane(16, 16, (x, y) => ((x * 7 + y * 3) % 200) + 5)
    expect(psnr(a, b)).toBeCloseTo(34.1514, 3)
    expect(psnr(a, a)).toBe(Infinity)
  })

  it('SSIM is 1 for identical images and falls as noise grows', () => {
    const a = plane(24, 24, (x, y) => 128 + 60 * Math.sin(x / 3) * Math.cos(y / 4))
    expect(ssim(a, a)).toBeCloseTo(1, 12)
    const noisy = (amp: number) => plane(24, 24, (x, y) => a.data[y * 24 + x] + amp * Math.sin(x * 12.9898 + y * 78.233) * 43758.5453 % 1)
    expect(ssim(a, noisy(5))).toBeLessThan(1)
    expect(ssim(a, noisy(40))).toBeLessThan(ssim(a, noisy(5)))
  })

  it('luma is BT.601 in [16, 235]: black 16, white 235', () => {
    const img: FloatImage = { width: 2, height: 1, channels: 3, data: Float32Array.from([0, 0, 0, 1, 1, 1]) }
    const y = luma(img)
    expect(y.data[0]).toBeCloseTo(16, 10)
    expect(y.data[1]).toBeCloseTo(235, 3)
  })

  it('crops the scale from every border', () => {
    const c = cropBorder(plane(10, 8, (x, y) => y * 10 + x), 2)
    expect([c.width, c.height, c.data[0], c.data[c.data.length - 1]]).toEqual([6, 4, 22, 57])
  })

  const missing = pythonMissing(['skimage', 'numpy'])
  it.skipIf(missing)("agrees with scikit-image's peak_signal_noise_ratio and structural_similarity on the Y channel", () => {
    const rnd = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const cases = [0.02, 0.1, 0.3].map((amp, k) => {
      const r = rnd(k + 11)
      const width = 40 + k * 3
      const height = 36
      const hr = Float32Array.from({ length: width * height * 3 }, (_, i) => 0.5 + 0.4 * Math.sin(i / 17 + k))
      const sr = hr.map((v) => Math.min(1, Math.max(0, v + amp * (r() - 0.5))))
      return { width, height, hr, sr }
    })
    const ours = cases.map((c) => srQuality({ width: c.width, height: c.height, channels: 3, data: c.sr }, { width: c.width, height: c.height, channels: 3, data: c.hr }, 4))
    const theirs = runPython<Array<{ psnr: number; ssim: number }>>(
      `
import json, sys, numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
def y(a): return 16 + 65.481 * a[..., 0] + 128.553 * a[..., 1] + 24.966 * a[..., 2]
out = []
for c in json.load(sys.stdin):
    sr = np.array(c['sr'], dtype=np.float64).reshape(c['height'], c['width'], 3)
    hr = np.array(c['hr'], dtype=np.float64).reshape(c['height'], c['width'], 3)
    a, b = y(sr)[4:-4, 4:-4], y(hr)[4:-4, 4:-4]
    out.append({'psnr': peak_signal_noise_ratio(b, a, data_range=255),
                'ssim': structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)})
print(json.dumps(out))`,
      cases.map((c) => ({ width: c.width, height: c.height, hr: Array.from(c.hr), sr: Array.from(c.sr) })),
    )
    ours.forEach((q, k) => {
      expect(q.psnr).toBeCloseTo(theirs[k].psnr, 3)
      expect(q.ssim).toBeCloseTo(theirs[k].ssim, 5)
    })
    // The three noise levels give three different answers: the comparison is not vacuous.
    expect(new Set(theirs.map((t) => t.ssim.toFixed(3))).size).toBe(3)
  })
})
