/** decodeCenterNet against a brute-force max-pool + sort, and the input-to-original mapping. */
import { describe, expect, it } from 'vitest'
import { mulberry32, randomInt } from '../../src/shared/random'
import { decodeCenterNet, toOriginal, type DenseOutputs } from '../../src/main/detection/decode'

function dense(H: number, W: number, C: number, heat: (y: number, x: number, c: number) => number, stride = 4): DenseOutputs {
  const heatmap = new Float32Array(H * W * C)
  const ltrb = new Float32Array(H * W * 4)
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) heatmap[(y * W + x) * C + c] = heat(y, x, c)
      ltrb.set([1 + x, 2 + y, 3 + x, 4 + y], (y * W + x) * 4)
    }
  return { heatmap, ltrb, gridHeight: H, gridWidth: W, classes: C, stride }
}

/** What the graph does: keep values equal to their 3x3 max-pool, TopK over (y, x, c), ties by index. */
function bruteForce(out: DenseOutputs, k: number, minScore: number) {
  const { heatmap, gridHeight: H, gridWidth: W, classes: C } = out
  const peaks: Array<{ v: number; i: number }> = []
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < C; c++) {
        let max = -Infinity
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy
            const xx = x + dx
            if (yy >= 0 && yy < H && xx >= 0 && xx < W) max = Math.max(max, heatmap[(yy * W + xx) * C + c])
          }
        const i = (y * W + x) * C + c
        if (heatmap[i] === max && heatmap[i] >= minScore) peaks.push({ v: heatmap[i], i })
      }
  peaks.sort((a, b) => b.v - a.v || a.i - b.i)
  return peaks.slice(0, k).map((p) => ({ score: p.v, classId: p.i % C, cell: Math.floor(p.i / C) }))
}

describe('decodeCenterNet', () => {
  it('finds 3x3 peaks per class, best first, with boxes from the centre and the four distances', () => {
    // One 4x5 grid, 2 classes. Class 0 peaks at (1,1)=0.9 and (3,4)=0.5; its neighbours are lower.
    const values: Record<string, number> = { '1,1,0': 0.9, '1,2,0': 0.4, '3,4,0': 0.5, '0,4,1': 0.7 }
    const out = dense(4, 5, 2, (y, x, c) => values[`${y},${x},${c}`] ?? 0.01)
    const got = decodeCenterNet(out, { topK: 10, minScore: 0.1 })
    expect(got.map((g) => [g.classId, g.score.toFixed(2)])).toEqual([
      [0, '0.90'],
      [1, '0.70'],
      [0, '0.50'],
    ])
    // (x, y) = (1, 1), stride 4: centre (4, 4); distances (1+x, 2+y, 3+x, 4+y) = (2, 3, 4, 5).
    expect(got[0].box).toEqual([2, 1, 8, 9])
    // (x, y) = (4, 0): centre (16, 0); distances (5, 2, 7, 4).
    expect(got[1].box).toEqual([11, -2, 23, 4])
  })

  it('keeps every value of a plateau (equal to its max-pool) and orders ties by flat index', () => {
    const out = dense(3, 3, 1, (y, x) => (y === 1 && x >= 1 ? 0.8 : 0.1))
    const got = decodeCenterNet(out, { topK: 5, minScore: 0.5 })
    expect(got.map((g) => g.box)).toEqual([
      [4 - 2, 4 - 3, 4 + 4, 4 + 5], // (1, 1)
      [8 - 3, 4 - 3, 8 + 5, 4 + 5], // (1, 2)
    ])
  })

  it('agrees with a brute-force max-pool + TopK on random heat-maps', () => {
    const rng = mulberry32(11)
    for (let t = 0; t < 60; t++) {
      const H = 1 + randomInt(rng, 12)
      const W = 1 + randomInt(rng, 12)
      const C = 1 + randomInt(rng, 5)
      // Quantised values make plateaus and ties common.
      const out = dense(H, W, C, () => (rng() < 0.5 ? Math.round(rng() * 8) / 8 : Math.fround(rng())))
      const k = 1 + randomInt(rng, 40)
      const minScore = rng() < 0.5 ? 0 : rng() * 0.5
      const got = decodeCenterNet(out, { topK: k, minScore })
      const want = bruteForce(out, k, minScore)
      expect(got.map((g) => [g.score, g.classId])).toEqual(want.map((w) => [w.score, w.classId]))
      for (let i = 0; i < want.length; i++) {
        const cell = want[i].cell
        const x = cell % W
        const y = Math.floor(cell / W)
        const o = cell * 4
        const s = out.stride
        expect(got[i].box).toEqual([x * s - out.ltrb[o], y * s - out.ltrb[o + 1], x * s + out.ltrb[o + 2], y * s + out.ltrb[o + 3]])
      }
    }
  })

  it('returns nothing for topK 0 and rejects outputs of the wrong size', () => {
    const out = dense(2, 2, 1, () => 0.5)
    expect(decodeCenterNet(out, { topK: 0, minScore: 0 })).toEqual([])
    expect(() => decodeCenterNet({ ...out, classes: 3 }, { topK: 1, minScore: 0 })).toThrow(/heat-map/)
  })
})

describe('toOriginal', () => {
  it('scales each axis, subtracts the padding and clips to the image', () => {
    const stretch = { scaleX: 2, scaleY: 0.5, padX: 0, padY: 0, width: 1024, height: 256 }
    expect(toOriginal([10, 20, 30, 40], stretch)).toEqual([20, 10, 60, 20])
    expect(toOriginal([-5, -5, 600, 600], stretch)).toEqual([0, 0, 1024, 256])
    const padded = { scaleX: 3, scaleY: 3, padX: 10, padY: 0, width: 300, height: 300 }
    expect(toOriginal([10, 0, 20, 10], padded)).toEqual([0, 0, 30, 30])
  })
})
