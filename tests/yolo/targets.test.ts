import { describe, expect, it } from 'vitest'
import { bestAnchor, kmeansAnchors, sizeIou, type Size } from '../../src/main/experiments/yolo/anchors'
import { decodeOutput } from '../../src/main/experiments/yolo/decode'
import { decodeTargets, encodeTargets, slotSize, type GridSpec, type NormalisedBox } from '../../src/main/experiments/yolo/targets'
import { mulberry32 } from '../../src/shared/random'

describe('anchors', () => {
  it('size IoU and the best anchor, by hand', () => {
    // 0.2x0.4 and 0.4x0.2 at one centre: overlap 0.2x0.2 = 0.04, union 0.08 + 0.08 - 0.04 = 0.12.
    expect(sizeIou([0.2, 0.4], [0.4, 0.2])).toBeCloseTo(1 / 3, 12)
    const anchors: Size[] = [[0.1, 0.1], [0.3, 0.1], [0.1, 0.3], [0.5, 0.5]]
    expect(bestAnchor([0.28, 0.12], anchors)).toBe(1)
    expect(bestAnchor([0.09, 0.35], anchors)).toBe(2)
    expect(bestAnchor([0.6, 0.4], anchors)).toBe(3)
  })

  it('k-means with 1 - IoU finds three well-separated clusters of box sizes', () => {
    const rng = mulberry32(3)
    const centres: Size[] = [[0.08, 0.08], [0.3, 0.12], [0.4, 0.45]]
    const sizes: Size[] = []
    for (const [w, h] of centres) for (let i = 0; i < 40; i++) sizes.push([w * (0.95 + 0.1 * rng()), h * (0.95 + 0.1 * rng())])
    const fit = kmeansAnchors(sizes, 3, 1)
    fit.anchors.forEach((a, i) => {
      expect(a[0]).toBeCloseTo(centres[i][0], 2)
      expect(a[1]).toBeCloseTo(centres[i][1], 2)
    })
    expect(fit.meanIou).toBeGreaterThan(0.9)
    // Same seed, same anchors.
    expect(kmeansAnchors(sizes, 3, 1).anchors).toEqual(fit.anchors)
  })
})

const spec: GridSpec = { grid: 4, anchors: [[0.1, 0.1], [0.3, 0.15], [0.15, 0.3]], classes: 3 }

describe('target encoding', () => {
  it('puts an object in the cell holding its centre, at the best anchor, with the spec layout', () => {
    const { data } = encodeTargets([{ classId: 2, cx: 0.6, cy: 0.3, w: 0.28, h: 0.16 }], spec)
    const slot = slotSize(spec)
    // Centre (0.6, 0.3) on a 4x4 grid: column 2, row 1; within the cell (0.4, 0.2).
    const o = ((1 * 4 + 2) * 3 + 1) * slot
    expect(data[o]).toBe(1)
    expect(data[o + 1]).toBeCloseTo(0.4, 6)
    expect(data[o + 2]).toBeCloseTo(0.2, 6)
    expect(data[o + 3]).toBeCloseTo(Math.log(0.28 / 0.3), 6)
    expect(data[o + 4]).toBeCloseTo(Math.log(0.16 / 0.15), 6)
    expect(Array.from(data.subarray(o + 5, o + 8))).toEqual([0, 0, 1])
    // Nothing else is set.
    expect(data.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0)).toBe(6)
  })

  it('decoding returns the encoded boxes', () => {
    const rng = mulberry32(9)
    const boxes: NormalisedBox[] = []
    // One object per cell at most, so no two share a slot.
    for (let row = 0; row < 4; row++)
      for (let col = 0; col < 4; col++)
        if (rng() < 0.6) boxes.push({ classId: Math.floor(rng() * 3), cx: (col + rng()) / 4, cy: (row + rng()) / 4, w: 0.05 + 0.4 * rng(), h: 0.05 + 0.4 * rng() })
    const encoded = encodeTargets(boxes, spec)
    expect(encoded.collisions).toBe(0)
    const decoded = decodeTargets(encoded.data, spec)
    const key = (b: NormalisedBox) => `${b.cy.toFixed(5)},${b.cx.toFixed(5)}`
    const sorted = (xs: NormalisedBox[]) => xs.slice().sort((a, b) => (key(a) < key(b) ? -1 : 1))
    expect(decoded.length).toBe(boxes.length)
    sorted(decoded).forEach((d, i) => {
      const b = sorted(boxes)[i]
      expect(d.classId).toBe(b.classId)
      for (const k of ['cx', 'cy', 'w', 'h'] as const) expect(d[k]).toBeCloseTo(b[k], 5)
    })
  })

  it('counts two objects that want the same slot', () => {
    const same = { classId: 0, cx: 0.1, cy: 0.1, w: 0.1, h: 0.1 }
    expect(encodeTargets([same, { ...same, cx: 0.12 }], spec).collisions).toBe(1)
  })

  it('refuses a class outside the list and an empty box', () => {
    expect(() => encodeTargets([{ classId: 3, cx: 0.5, cy: 0.5, w: 0.1, h: 0.1 }], spec)).toThrow(/class 3 is not one of the 3 classes/)
    expect(() => encodeTargets([{ classId: 0, cx: 0.5, cy: 0.5, w: 0, h: 0.1 }], spec)).toThrow(/positive size/)
  })
})

describe('decoding network outputs', () => {
  it('turns confident raw outputs back into pixel boxes, scores objectness x class probability, and runs NMS per class', () => {
    const slot = slotSize(spec)
    const raw = new Float32Array(4 * 4 * 3 * slot).fill(-20)
    const logit = (p: number) => Math.log(p / (1 - p))
    const put = (row: number, col: number, a: number, p: number, bx: number, by: number, w: number, h: number, cls: number) => {
      const o = ((row * 4 + col) * 3 + a) * slot
      raw.set([logit(p), logit(bx), logit(by), Math.log(w / spec.anchors[a][0]), Math.log(h / spec.anchors[a][1])], o)
      for (let c = 0; c < 3; c++) raw[o + 5 + c] = c === cls ? 10 : -10
    }
    put(1, 2, 1, 0.9, 0.4, 0.2, 0.28, 0.16, 2)
    // A near-copy of it in the next anchor slot, weaker: removed by NMS.
    put(1, 2, 2, 0.8, 0.45, 0.2, 0.28, 0.16, 2)
    // Same place, other class: kept (per-class NMS).
    put(1, 2, 0, 0.7, 0.4, 0.2, 0.28, 0.16, 0)
    const dets = decodeOutput(raw, spec, { scoreThreshold: 0.3, iouThreshold: 0.45, maxDetections: 10, width: 200, height: 100 })
    expect(dets.map((d) => d.classId)).toEqual([2, 0])
    expect(dets[0].score).toBeCloseTo(0.9, 3)
    // Centre (0.6 * 200, 0.3 * 100) = (120, 30), size (56, 16).
    dets[0].box.forEach((v, i) => expect(v).toBeCloseTo([92, 22, 148, 38][i], 3))
  })
})
