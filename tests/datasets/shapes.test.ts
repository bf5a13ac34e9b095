import { describe, expect, it } from 'vitest'
import { SHAPE_NAMES, generateShapes } from '../../src/main/datasets/index.js'

const luminance = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b

describe('generateShapes', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateShapes({ count: 50, size: 16, classes: 4, seed: 7 })
    const b = generateShapes({ count: 50, size: 16, classes: 4, seed: 7 })
    const c = generateShapes({ count: 50, size: 16, classes: 4, seed: 8 })
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true)
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels))
    expect(Buffer.from(a.images).equals(Buffer.from(c.images))).toBe(false)
  })

  it('returns [count, size, size, 3] bytes, labels in range and balanced classes', () => {
    const { images, labels, classNames } = generateShapes({ count: 100, size: 12, classes: 3, seed: 1 })
    expect(images).toBeInstanceOf(Uint8Array)
    expect(images.length).toBe(100 * 12 * 12 * 3)
    expect(labels).toBeInstanceOf(Int32Array)
    expect(labels.length).toBe(100)
    expect(classNames).toEqual(['circle', 'square', 'triangle'])
    const counts = [0, 0, 0]
    for (const l of labels) counts[l]++
    expect(counts).toEqual([34, 33, 33])
    // Labels are shuffled, not in i % classes order.
    expect(Array.from(labels.slice(0, 9))).not.toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2])
  })

  it('offers at least six classes, all usable', () => {
    expect(SHAPE_NAMES.length).toBeGreaterThanOrEqual(6)
    expect(SHAPE_NAMES.slice(0, 6)).toEqual(['circle', 'square', 'triangle', 'cross', 'ring', 'diamond'])
    const all = generateShapes({ count: SHAPE_NAMES.length * 2, size: 8, classes: SHAPE_NAMES.length, seed: 3 })
    expect(new Set(all.labels).size).toBe(SHAPE_NAMES.length)
    expect(all.classNames).toEqual([...SHAPE_NAMES])
  })

  it('draws one contrasting shape of a sensible size on the background (noise off)', () => {
    const size = 32
    const { images } = generateShapes({ count: 60, size, classes: 8, seed: 11, noise: 0 })
    for (let n = 0; n < 60; n++) {
      const colours = new Map<string, number>()
      for (let p = 0; p < size * size; p++) {
        const o = (n * size * size + p) * 3
        const key = `${images[o]},${images[o + 1]},${images[o + 2]}`
        colours.set(key, (colours.get(key) ?? 0) + 1)
      }
      expect(colours.size).toBe(2)
      const [[bg], [fg, fgCount]] = [...colours.entries()].sort((a, b) => b[1] - a[1])
      const lum = (key: string) => luminance(...(key.split(',').map(Number) as [number, number, number]))
      expect(Math.abs(lum(bg) - lum(fg))).toBeGreaterThanOrEqual(89)
      // Smallest shape: a ring or star in a 35% square still covers a few percent of the image.
      expect(fgCount).toBeGreaterThan(size * size * 0.02)
      expect(fgCount).toBeLessThan(size * size * 0.7)
    }
  })

  it('keeps every shape whole inside the image (a cut-off circle or square would not be square)', () => {
    const size = 32
    const { images } = generateShapes({ count: 40, size, classes: 2, seed: 4, noise: 0 })
    for (let n = 0; n < 40; n++) {
      // A shape spans at most 80% of the side, so it covers at most one corner: the background
      // is the colour of at least three corners.
      const at = (x: number, y: number) => images.subarray(((n * size + y) * size + x) * 3, ((n * size + y) * size + x) * 3 + 3).join()
      const corners = [at(0, 0), at(size - 1, 0), at(0, size - 1), at(size - 1, size - 1)]
      const bg = corners.find((c) => corners.filter((d) => d === c).length >= 3)!
      let [minX, minY, maxX, maxY] = [size, size, -1, -1]
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (at(x, y) === bg) continue
          ;[minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)]
        }
      }
      const [w, h] = [maxX - minX + 1, maxY - minY + 1]
      expect(Math.abs(w - h)).toBeLessThanOrEqual(2)
      expect(w).toBeGreaterThanOrEqual(Math.floor(size * 0.35 * 0.9) - 1)
      expect(w).toBeLessThanOrEqual(Math.ceil(size * 0.8) + 1)
    }
  })

  it('keeps values within bytes at full noise', () => {
    const { images } = generateShapes({ count: 20, size: 9, classes: 5, seed: 2, noise: 1 })
    expect(images.some((v) => v === 0)).toBe(true)
    expect(images.some((v) => v === 255)).toBe(true)
  })

  it('rejects bad class counts, sizes and counts', () => {
    expect(() => generateShapes({ count: 10, size: 16, classes: 1, seed: 0 })).toThrow(/classes must be an integer in 2\.\.8/)
    expect(() => generateShapes({ count: 10, size: 16, classes: SHAPE_NAMES.length + 1, seed: 0 })).toThrow(RangeError)
    expect(() => generateShapes({ count: 10, size: 7, classes: 2, seed: 0 })).toThrow(/size/)
    expect(() => generateShapes({ count: -1, size: 16, classes: 2, seed: 0 })).toThrow(/count/)
    expect(() => generateShapes({ count: 1, size: 16, classes: 2, seed: 0, noise: 2 })).toThrow(/noise/)
  })

})
