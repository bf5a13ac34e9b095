/**
 * NMS as experiments.md §3 defines it, the fast path against the reference on thousands of
 * seeded random cases, and the properties any correct result has.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mulberry32, randomInt, type Rng } from '../../src/shared/random'
import { iou, type Box } from '../../src/shared/detection/iou'
import { nms, nmsDetections, nmsReference, type NmsOptions, type NmsResult } from '../../src/shared/detection/nms'

interface Case {
  boxes: Box[]
  scores: number[]
  classes: number[]
}

/** Clustered boxes (so NMS has work), some degenerate, scores often tied (quantised). */
function randomCase(rng: Rng, n: number, numClasses: number): Case {
  const boxes: Box[] = []
  const scores: number[] = []
  const classes: number[] = []
  const centres = Array.from({ length: 1 + randomInt(rng, 6) }, () => [rng() * 200, rng() * 200])
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[randomInt(rng, centres.length)]
    const x = cx + (rng() - 0.5) * 40
    const y = cy + (rng() - 0.5) * 40
    const huge = rng() < 0.03 // spans many grid cells
    const w = rng() < 0.05 ? 0 : rng() * (huge ? 400 : 60)
    const h = rng() < 0.05 ? -rng() * 5 : rng() * (huge ? 400 : 60) // a few zero-width and inverted boxes
    boxes.push([x, y, x + w, y + h])
    scores.push(rng() < 0.5 ? Math.round(rng() * 10) / 10 : rng()) // many exact ties
    classes.push(randomInt(rng, numClasses))
  }
  return { boxes, scores, classes }
}

function same(a: NmsResult, b: NmsResult): void {
  expect(a.kept).toEqual(b.kept)
  expect(Array.from(a.suppressedBy)).toEqual(Array.from(b.suppressedBy))
}

describe('nms, by hand', () => {
  const boxes: Box[] = [
    [0, 0, 10, 10], // 0
    [1, 1, 11, 11], // 1: IoU with 0 = 81 / 119 = 0.68
    [20, 20, 30, 30], // 2: apart
    [0, 0, 10, 10], // 3: a copy of 0
  ]

  it('keeps the best, removes what overlaps it by more than the threshold, and records who removed what', () => {
    for (const f of [nms, nmsReference]) {
      const r = f(boxes, [0.9, 0.8, 0.7, 0.6], { scoreThreshold: 0.3, iouThreshold: 0.5 })
      expect(r.kept).toEqual([0, 2])
      expect(Array.from(r.suppressedBy)).toEqual([-1, 0, -1, 0])
    }
  })

  it('removes only IoU strictly greater than the threshold', () => {
    const pair: Box[] = [
      [0, 0, 10, 10],
      [5, 0, 15, 10], // IoU exactly 1/3
    ]
    for (const f of [nms, nmsReference]) {
      expect(f(pair, [0.9, 0.8], { scoreThreshold: 0, iouThreshold: 1 / 3 }).kept).toEqual([0, 1])
      expect(f(pair, [0.9, 0.8], { scoreThreshold: 0, iouThreshold: 0.33 }).kept).toEqual([0])
    }
  })

  it('drops scores below the threshold but keeps a score equal to it; NaN scores are dropped', () => {
    for (const f of [nms, nmsReference]) {
      const r = f(boxes, [0.29, 0.3, Number.NaN, 0.31], { scoreThreshold: 0.3, iouThreshold: 0.5 })
      expect(r.kept).toEqual([3]) // 3 (0.31) removes 1 (0.30, IoU 0.68); 0 and 2 never enter
      expect(Array.from(r.suppressedBy)).toEqual([-1, 3, -1, -1])
    }
  })

  it('lets the first index win a tie', () => {
    for (const f of [nms, nmsReference]) {
      expect(f(boxes, [0.5, 0.5, 0.5, 0.5], { scoreThreshold: 0, iouThreshold: 0.5 }).kept).toEqual([0, 2])
      expect(f([boxes[3], boxes[0]], [0.5, 0.5], { scoreThreshold: 0, iouThreshold: 0.5 }).kept).toEqual([0])
    }
  })

  it('runs per class unless class-agnostic', () => {
    const options: NmsOptions = { scoreThreshold: 0, iouThreshold: 0.5, classes: [0, 1, 0, 0] }
    for (const f of [nms, nmsReference]) {
      expect(f(boxes, [0.9, 0.8, 0.7, 0.6], options).kept).toEqual([0, 1, 2]) // 1 is another class
      expect(f(boxes, [0.9, 0.8, 0.7, 0.6], { ...options, classAgnostic: true }).kept).toEqual([0, 2])
    }
  })

  it('stops at maxDetections; what the kept boxes do not remove is left over', () => {
    for (const f of [nms, nmsReference]) {
      const r = f(boxes, [0.9, 0.8, 0.7, 0.6], { scoreThreshold: 0, iouThreshold: 0.5, maxDetections: 1 })
      expect(r.kept).toEqual([0])
      expect(Array.from(r.suppressedBy)).toEqual([-1, 0, -1, 0]) // 2 was cut by the limit
      expect(f(boxes, [0.9, 0.8, 0.7, 0.6], { scoreThreshold: 0, iouThreshold: 0.5, maxDetections: 0 }).kept).toEqual([])
    }
  })

  it('handles empty input, degenerate boxes and a negative IoU threshold', () => {
    for (const f of [nms, nmsReference]) {
      expect(f([], [], { scoreThreshold: 0, iouThreshold: 0.5 }).kept).toEqual([])
      // Points have IoU 0 with everything: nothing is removed at threshold 0 ...
      const points: Box[] = [
        [1, 1, 1, 1],
        [1, 1, 1, 1],
        [5, 5, 0, 0],
      ]
      expect(f(points, [0.3, 0.2, 0.1], { scoreThreshold: 0, iouThreshold: 0 }).kept).toEqual([0, 1, 2])
      // ... and IoU 0 > -0.1, so under a negative threshold the best box removes all of its class.
      expect(f(points, [0.3, 0.2, 0.1], { scoreThreshold: 0, iouThreshold: -0.1 }).kept).toEqual([0])
    }
  })

  it('rejects inconsistent inputs', () => {
    expect(() => nms([[0, 0, 1, 1]], [], { scoreThreshold: 0, iouThreshold: 0.5 })).toThrow(/1 boxes but 0 scores/)
    expect(() => nms([[0, 0, 1, 1]], [1], { scoreThreshold: 0, iouThreshold: 0.5, classes: [] })).toThrow(/classes/)
    expect(() => nms([[0, 0, 1, 1]], [1], { scoreThreshold: 0, iouThreshold: Number.NaN })).toThrow(/NaN/)
    expect(() => nms([[0, 0, 1, 1]], [1], { scoreThreshold: 0, iouThreshold: 0.5, maxDetections: 1.5 })).toThrow(/maxDetections/)
  })

  it('nmsDetections returns the kept objects best first', () => {
    const items = boxes.map((box, i) => ({ box, score: [0.6, 0.9, 0.7, 0.8][i], classId: i === 2 ? 5 : 0, label: `#${i}` }))
    const r = nmsDetections(items, { scoreThreshold: 0.65, iouThreshold: 0.5 })
    // #0 is below 0.65; #3 overlaps #1 (same class) by 0.68; #2 is another class.
    expect(r.kept.map((d) => d.label)).toEqual(['#1', '#2'])
    expect(r.keptIndices).toEqual([1, 2])
    expect(Array.from(r.suppressedBy)).toEqual([-1, -1, -1, 1])
  })
})

describe('nms on random boxes', () => {
  const thresholds = [0, 0.1, 0.3, 0.45, 0.5, 0.7, 1]

  it('fast path === reference on 3000 random cases (kept and suppressedBy)', () => {
    const rng = mulberry32(2024)
    let keptTotal = 0
    let suppressedTotal = 0
    for (let t = 0; t < 3000; t++) {
      // Small cases take the linear path, 64+ candidates the grid (unless the threshold is negative
      // or a coordinate is infinite).
      const n = 1 + randomInt(rng, t < 1500 ? 60 : t < 2950 ? 250 : 1500)
      const c = randomCase(rng, n, 1 + randomInt(rng, 4))
      if (t % 50 === 0) c.boxes[randomInt(rng, n)] = [0, 0, Infinity, 10]
      const options: NmsOptions = {
        scoreThreshold: rng() < 0.3 ? 0 : Math.round(rng() * 10) / 10,
        iouThreshold: rng() < 0.05 ? -0.1 : thresholds[randomInt(rng, thresholds.length)],
        maxDetections: rng() < 0.3 ? 1 + randomInt(rng, 10) : undefined,
        classes: rng() < 0.6 ? c.classes : undefined,
        classAgnostic: rng() < 0.2,
      }
      const fast = nms(c.boxes, c.scores, options)
      const ref = nmsReference(c.boxes, c.scores, options)
      same(fast, ref)
      keptTotal += ref.kept.length
      suppressedTotal += ref.suppressedBy.filter((k) => k >= 0).length
    }
    // The cases exercised both keeping and suppressing, a lot.
    expect(keptTotal).toBeGreaterThan(10_000)
    expect(suppressedTotal).toBeGreaterThan(10_000)
  })

  it('has the properties of a correct result', () => {
    const rng = mulberry32(99)
    for (let t = 0; t < 250; t++) {
      const c = randomCase(rng, 1 + randomInt(rng, 150), 3)
      const options: NmsOptions = {
        scoreThreshold: Math.round(rng() * 5) / 10,
        iouThreshold: thresholds[1 + randomInt(rng, thresholds.length - 2)],
        classes: c.classes,
        classAgnostic: t % 4 === 0,
      }
      const { kept, suppressedBy } = nms(c.boxes, c.scores, options)
      const sameGroup = (a: number, b: number) => options.classAgnostic || c.classes[a] === c.classes[b]
      const keptSet = new Set(kept)
      // Kept boxes pass the score threshold and come best first, ties by index.
      for (let i = 0; i < kept.length; i++) {
        expect(c.scores[kept[i]]).toBeGreaterThanOrEqual(options.scoreThreshold)
        if (i > 0) {
          const [a, b] = [kept[i - 1], kept[i]]
          expect(c.scores[a] > c.scores[b] || (c.scores[a] === c.scores[b] && a < b)).toBe(true)
        }
      }
      // No two kept boxes of one class overlap above the threshold.
      for (const a of kept) for (const b of kept) if (a < b && sameGroup(a, b)) expect(iou(c.boxes[a], c.boxes[b])).toBeLessThanOrEqual(options.iouThreshold)
      for (let i = 0; i < c.boxes.length; i++) {
        const k = suppressedBy[i]
        if (c.scores[i] >= options.scoreThreshold && !keptSet.has(i)) {
          // Without a max, every box that passes the threshold is either kept or suppressed ...
          expect(k, `box ${i}`).toBeGreaterThanOrEqual(0)
        }
        if (k < 0) continue
        // ... by a kept box of its class that precedes it (higher score, or equal and lower index)
        // and overlaps it above the threshold.
        expect(keptSet.has(k)).toBe(true)
        expect(sameGroup(i, k)).toBe(true)
        expect(c.scores[k] > c.scores[i] || (c.scores[k] === c.scores[i] && k < i)).toBe(true)
        expect(iou(c.boxes[k], c.boxes[i])).toBeGreaterThan(options.iouThreshold)
        // And it is the first kept box (in keep order) that overlaps it that much.
        const first = kept.find((j) => sameGroup(i, j) && iou(c.boxes[j], c.boxes[i]) > options.iouThreshold)
        expect(first).toBe(k)
      }
    }
  })

  it('per-class with a max keeps the best of the per-class results', () => {
    const rng = mulberry32(5)
    for (let t = 0; t < 200; t++) {
      const c = randomCase(rng, 1 + randomInt(rng, 100), 4)
      const max = 1 + randomInt(rng, 12)
      const options = { scoreThreshold: 0.2, iouThreshold: 0.45 }
      const joint = nms(c.boxes, c.scores, { ...options, classes: c.classes, maxDetections: max }).kept
      const perClass: number[] = []
      for (let cls = 0; cls < 4; cls++) {
        const members = c.classes.map((k, i) => (k === cls ? i : -1)).filter((i) => i >= 0)
        const r = nms(members.map((i) => c.boxes[i]), members.map((i) => c.scores[i]), options)
        perClass.push(...r.kept.map((j) => members[j]))
      }
      perClass.sort((a, b) => c.scores[b] - c.scores[a] || a - b)
      expect(joint).toEqual(perClass.slice(0, max))
    }
  })

  it('the shared detection files import nothing but each other (the renderer can import them)', () => {
    const dir = path.join(__dirname, '../../src/shared/detection')
    const siblings = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(siblings).toEqual(expect.arrayContaining(['nms.ts', 'iou.ts', 'labels.ts', 'defaults.ts']))
    for (const file of siblings) {
      const source = readFileSync(path.join(dir, file), 'utf8')
      const imports = [...source.matchAll(/^(?:import|export) .* from '([^']+)'/gm)].map((m) => m[1])
      for (const from of imports) {
        expect(from, `${file} imports ${from}`).toMatch(/^\.\/[A-Za-z]+$/)
        expect(siblings, `${file} imports ${from}`).toContain(`${from.slice(2)}.ts`)
      }
    }
    const decode = readFileSync(path.join(__dirname, '../../src/main/detection/decode.ts'), 'utf8')
    for (const [, from] of decode.matchAll(/^import .* from '([^']+)'/gm)) {
      expect(from, `decode.ts imports ${from}`).toMatch(/^(\.\/decode|\.\.\/\.\.\/shared\/detection\/(iou|nms|labels))$/)
    }
  })
})
