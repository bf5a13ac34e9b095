import { describe, expect, it } from 'vitest'
import { covers, generateDetectionScenes, renderScene, sceneSpec, type SceneSpec } from '../../src/main/datasets/detectionScenes'

describe('synthetic detection scenes', () => {
  it('are deterministic per (seed, index), whatever the count or the first index', () => {
    const a = generateDetectionScenes({ count: 4, size: 48, seed: 5 })
    const b = generateDetectionScenes({ count: 2, size: 48, seed: 5, first: 2 })
    expect(Buffer.from(a.images.subarray(2 * 48 * 48 * 3)).equals(Buffer.from(b.images))).toBe(true)
    expect(a.boxes.slice(2)).toEqual(b.boxes)
    expect(Buffer.from(generateDetectionScenes({ count: 1, size: 48, seed: 6 }).images).equals(Buffer.from(a.images.subarray(0, 48 * 48 * 3)))).toBe(false)
  })

  it('hold 1 to 8 objects of 8% to 40% of the side, inside the image, with every class, style and background', () => {
    const size = 64
    const specs = Array.from({ length: 120 }, (_, i) => sceneSpec({ size, seed: 1 }, i))
    const counts = specs.map((s) => s.objects.length)
    expect(Math.min(...counts)).toBe(1)
    expect(Math.max(...counts)).toBe(8)
    for (const o of specs.flatMap((s) => s.objects)) {
      expect(2 * o.r).toBeGreaterThanOrEqual(0.08 * size - 1e-9)
      expect(2 * o.r).toBeLessThanOrEqual(0.4 * size + 1e-9)
      expect(o.cx - o.r).toBeGreaterThanOrEqual(0)
      expect(o.cy + o.r).toBeLessThanOrEqual(size)
    }
    expect(new Set(specs.flatMap((s) => s.objects.map((o) => `${o.classId}${o.filled}`))).size).toBe(6)
    expect(new Set(specs.map((s) => s.background))).toEqual(new Set(['noise', 'gradient', 'texture']))
  })

  it('paint each shape inside its box and touching all four of its sides', () => {
    const spec: SceneSpec = { size: 40, background: 'noise', colours: [[0, 0, 0], [0, 0, 0]], angle: 0, period: 4, noise: 0, noiseSeed: 1, objects: [] }
    for (const classId of [0, 1, 2]) {
      const obj = { classId, cx: 20, cy: 20, r: 10, filled: true, colour: [255, 255, 255] as [number, number, number] }
      const px = renderScene({ ...spec, objects: [obj] })
      const lit: Array<[number, number]> = []
      for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) if (px[(y * 40 + x) * 3] === 255) lit.push([x, y])
      const xs = lit.map(([x]) => x)
      const ys = lit.map(([, y]) => y)
      // Pixels 10..29 span the box [10, 30): the shape reaches its first and last pixel row and column
      // (the triangle's apex is a point at the top edge: its first lit row is within a pixel of it).
      expect([Math.min(...xs), Math.max(...xs), Math.max(...ys)]).toEqual([10, 29, 29])
      expect(Math.min(...ys) - 10).toBeLessThanOrEqual(classId === 2 ? 1 : 0)
      expect(Math.min(...ys)).toBeGreaterThanOrEqual(10)
    }
    // An outline leaves the centre to the background.
    expect(covers({ classId: 1, cx: 20, cy: 20, r: 10, filled: false, colour: [1, 1, 1] }, 20, 20)).toBe(false)
    expect(covers({ classId: 1, cx: 20, cy: 20, r: 10, filled: false, colour: [1, 1, 1] }, 10.5, 20)).toBe(true)
  })
})
