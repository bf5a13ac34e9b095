import { describe, expect, it } from 'vitest'
import { labelWidth, overlaps, placeLabels, type LabelRect } from '../../../src/renderer/src/components/detect/labelPlacement'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

/** Independent check: every pair of placed labels, and every label against the image's edges. */
function assertValid(rects: Array<LabelRect | null>, width: number, height: number): void {
  const shown = rects.filter((r): r is LabelRect => r !== null)
  for (const r of shown) {
    expect(r.x).toBeGreaterThanOrEqual(0)
    expect(r.y).toBeGreaterThanOrEqual(0)
    expect(r.x + r.width).toBeLessThanOrEqual(width + 1e-9)
    expect(r.y + r.height).toBeLessThanOrEqual(height + 1e-9)
  }
  for (let i = 0; i < shown.length; i++)
    for (let j = i + 1; j < shown.length; j++) {
      const [a, b] = [shown[i], shown[j]]
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
      expect(apart, `labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`).toBe(true)
    }
}

describe('label placement', () => {
  it('puts a lone label above its box, at its left edge', () => {
    expect(placeLabels([{ box: [100, 50, 200, 150], width: 60, height: 14 }], 640, 480)).toEqual([{ x: 100, y: 36, width: 60, height: 14 }])
  })

  it('moves a label inside the box when the box touches the top of the image', () => {
    expect(placeLabels([{ box: [10, 0, 200, 150], width: 60, height: 14 }], 640, 480)).toEqual([{ x: 10, y: 0, width: 60, height: 14 }])
  })

  it('gives two boxes with the same top-left corner labels that do not cover each other', () => {
    const rects = placeLabels(
      [
        { box: [100, 100, 300, 300], width: 80, height: 14 },
        { box: [100, 100, 250, 280], width: 80, height: 14 },
        { box: [102, 98, 260, 290], width: 80, height: 14 },
      ],
      640,
      480,
    )
    expect(rects.every((r) => r !== null)).toBe(true)
    assertValid(rects, 640, 480)
    // The best box keeps the preferred place.
    expect(rects[0]).toEqual({ x: 100, y: 86, width: 80, height: 14 })
  })

  it('never overlaps labels, on crowded random scenes (checked pairwise)', () => {
    const random = lcg(3)
    for (let scene = 0; scene < 40; scene++) {
      const width = 200 + Math.floor(random() * 600)
      const height = 200 + Math.floor(random() * 400)
      const n = 1 + Math.floor(random() * 60)
      const requests = Array.from({ length: n }, () => {
        const x1 = random() * width * 0.9
        const y1 = random() * height * 0.9
        const font = 10 + random() * 6
        return {
          box: [x1, y1, Math.min(width, x1 + 5 + random() * 200), Math.min(height, y1 + 5 + random() * 200)],
          width: labelWidth('person 0.87', font),
          height: font * 1.3,
        }
      })
      const rects = placeLabels(requests, width, height)
      expect(rects).toHaveLength(n)
      assertValid(rects, width, height)
      // Few labels on a large image all find a place.
      if (n <= 5) expect(rects.every((r) => r !== null)).toBe(true)
    }
  })

  it('says when rectangles overlap', () => {
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 9, y: 9, width: 5, height: 5 })).toBe(true)
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBe(false)
  })
})
