/** IoU as experiments.md §3 defines it: (x1, y1, x2, y2), negative sides clamp to 0, inter / (a1 + a2 - inter). */
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../src/shared/random'
import { area, intersection, iou, type Box } from '../../src/shared/detection/iou'

describe('iou', () => {
  it("matches the seed's example, computed by hand", () => {
    // (70,70,160,150): 90 x 80 = 7200. (40,60,140,130): 100 x 70 = 7000.
    // Overlap: x 70..140 (70) by y 70..130 (60) = 4200. Union 7200 + 7000 - 4200 = 10000.
    expect(area([70, 70, 160, 150])).toBe(7200)
    expect(area([40, 60, 140, 130])).toBe(7000)
    expect(intersection([70, 70, 160, 150], [40, 60, 140, 130])).toBe(4200)
    expect(iou([70, 70, 160, 150], [40, 60, 140, 130])).toBeCloseTo(0.42, 12)
  })

  it('is 1 for identical boxes, 0 for disjoint or edge-touching ones, and symmetric', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1)
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0)
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0) // shares an edge: zero-area overlap
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12)
    expect(iou([0, 0, 10, 10], [2, 2, 4, 4])).toBeCloseTo(4 / 100, 12) // containment: inner / outer
  })

  it('gives degenerate boxes area 0 and IoU 0, never NaN', () => {
    expect(area([5, 5, 5, 9])).toBe(0) // zero width
    expect(area([10, 10, 0, 0])).toBe(0) // inverted: negative sides clamp to 0
    expect(area([0, 10, 10, 0])).toBe(0)
    expect(iou([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0) // two points: no union
    expect(iou([10, 10, 0, 0], [0, 0, 10, 10])).toBe(0) // an inverted box overlaps nothing
    expect(iou([0, 0, 0, 10], [0, 0, 10, 10])).toBe(0)
    expect(iou([Number.NaN, 0, 10, 10], [0, 0, 10, 10])).toBe(0)
  })

  it('stays in [0, 1] and symmetric over random boxes, degenerate ones included', () => {
    const rng = mulberry32(7)
    const box = (): Box => [rng() * 100 - 10, rng() * 100 - 10, rng() * 100 - 10, rng() * 100 - 10]
    for (let i = 0; i < 5000; i++) {
      const a = box()
      const b = box()
      const v = iou(a, b)
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
      expect(iou(b, a)).toBe(v)
      expect(intersection(a, b)).toBeLessThanOrEqual(Math.min(area(a), area(b)) + 1e-9)
    }
  })
})
