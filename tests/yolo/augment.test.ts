/**
 * yolo's mirror augmentation: the mirrored image is the left-right reversed one (checked pixel by
 * pixel on a hand-made image) and its mirrored targets decode to the hand-mirrored boxes
 * (cx -> 1 - cx, everything else kept).
 */
import { describe, expect, it } from 'vitest'
import { mirrored, mirrorScene } from '../../src/main/experiments/yolo/augment'
import { decodeTargets, encodeTargets, slotSize, type GridSpec } from '../../src/main/experiments/yolo/targets'

describe('yolo mirror augmentation', () => {
  it('reverses every row of the image', () => {
    // 2 x 2 px, 3 channels: row 0 = [1,2,3][4,5,6], row 1 = [7,8,9][10,11,12].
    const image = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const spec: GridSpec = { grid: 1, anchors: [[0.5, 0.5]], classes: 1 }
    mirrorScene(image, 2, new Float32Array(slotSize(spec)), 1, 1, slotSize(spec))
    expect(Array.from(image)).toEqual([4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9])
  })

  it('moves each object to the mirrored cell with b_x -> 1 - b_x and keeps anchor, size and class', () => {
    const spec: GridSpec = { grid: 4, anchors: [[0.1, 0.1], [0.4, 0.3]], classes: 3 }
    const boxes = [
      { classId: 2, cx: 0.1, cy: 0.3, w: 0.12, h: 0.08 },
      { classId: 0, cx: 0.6, cy: 0.9, w: 0.35, h: 0.3 },
      { classId: 1, cx: 0.85, cy: 0.3, w: 0.1, h: 0.12 },
    ]
    const targets = encodeTargets(boxes, spec).data
    mirrorScene(new Float32Array(8 * 8 * 3), 8, targets, spec.grid, spec.anchors.length, slotSize(spec))
    const got = decodeTargets(targets, spec).sort((a, b) => a.classId - b.classId)
    const want = boxes.map((b) => ({ ...b, cx: 1 - b.cx })).sort((a, b) => a.classId - b.classId)
    expect(got).toHaveLength(3)
    got.forEach((g, i) => {
      expect(g.classId).toBe(want[i].classId)
      for (const k of ['cx', 'cy', 'w', 'h'] as const) expect(g[k]).toBeCloseTo(want[i][k], 5)
    })
  })

  it('mirrors about half of the scenes, the same ones for the same seed and epoch', () => {
    const picks = Array.from({ length: 1000 }, (_, i) => mirrored(1, 3, i))
    const count = picks.filter(Boolean).length
    expect(count).toBeGreaterThan(430)
    expect(count).toBeLessThan(570)
    expect(Array.from({ length: 1000 }, (_, i) => mirrored(1, 3, i))).toEqual(picks)
    expect(Array.from({ length: 1000 }, (_, i) => mirrored(1, 4, i))).not.toEqual(picks)
  })
})
