import { describe, expect, it } from 'vitest'
import { classPrecisionRecall, detectionScores, type ScoredDetection, type TrueBox } from '../../src/shared/detection/averagePrecision'
import type { Box } from '../../src/shared/detection/iou'
import { mulberry32 } from '../../src/shared/random'

const box = (x: number, y: number, s: number): Box => [x, y, x + s, y + s]

/**
 * An independent reference: every (detection, truth) pair's IoU in a table, matching by scanning
 * the table, and interpolated precision by its definition, max{ p(k) : recall(k) >= r }.
 */
function referenceAp(dets: ScoredDetection[], gts: TrueBox[], classId: number, t: number): number | null {
  const G = gts.filter((g) => g.classId === classId)
  if (!G.length) return null
  const D = dets.filter((d) => d.classId === classId).map((d, i) => ({ d, i })).sort((a, b) => b.d.score - a.d.score || a.i - b.i).map((x) => x.d)
  const table = D.map((d) => G.map((g) => {
    if (g.image !== d.image) return -1
    const ix = Math.max(0, Math.min(d.box[2], g.box[2]) - Math.max(d.box[0], g.box[0]))
    const iy = Math.max(0, Math.min(d.box[3], g.box[3]) - Math.max(d.box[1], g.box[1]))
    const inter = ix * iy
    const u = (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]) + (g.box[2] - g.box[0]) * (g.box[3] - g.box[1]) - inter
    return u > 0 ? inter / u : 0
  }))
  const used = new Set<number>()
  const points: Array<[number, number]> = []
  let tp = 0
  D.forEach((_, k) => {
    let best = -1
    for (let j = 0; j < G.length; j++) if (!used.has(j) && table[k][j] >= t && (best < 0 || table[k][j] > table[k][best])) best = j
    if (best >= 0) {
      used.add(best)
      tp++
    }
    points.push([tp / (k + 1), tp / G.length])
  })
  let sum = 0
  for (let i = 0; i <= 100; i++) {
    const r = i / 100
    sum += Math.max(0, ...points.filter(([, rec]) => rec >= r - 1e-12).map(([p]) => p))
  }
  return sum / 101
}

describe('average precision, hand-computed cases', () => {
  it('a false positive ranked above the only true positive halves the AP', () => {
    const gts: TrueBox[] = [{ image: 0, classId: 0, box: box(0, 0, 10) }]
    const dets: ScoredDetection[] = [
      { image: 0, classId: 0, box: box(50, 50, 10), score: 0.9 },
      { image: 0, classId: 0, box: box(1, 0, 10), score: 0.8 },
    ]
    // Ranks: FP (p 0, r 0), TP (p 1/2, r 1): interpolated precision is 1/2 at every recall point.
    const pr = classPrecisionRecall(dets, gts, 0, 0.5)
    expect(pr.precision).toEqual([0, 0.5])
    expect(pr.recall).toEqual([0, 1])
    expect(pr.ap).toBeCloseTo(0.5, 12)
  })

  it('finding one of two objects first, then nothing, gives 51/101 (recall 0..0.5 at precision 1)', () => {
    const gts: TrueBox[] = [{ image: 0, classId: 0, box: box(0, 0, 10) }, { image: 1, classId: 0, box: box(0, 0, 10) }]
    const dets: ScoredDetection[] = [{ image: 0, classId: 0, box: box(0, 0, 10), score: 0.5 }]
    expect(classPrecisionRecall(dets, gts, 0, 0.5).ap).toBeCloseTo(51 / 101, 12)
  })

  it('a duplicate detection of a matched object is a false positive; the IoU threshold decides a match', () => {
    const gts: TrueBox[] = [{ image: 0, classId: 0, box: box(0, 0, 10) }]
    const dup: ScoredDetection[] = [
      { image: 0, classId: 0, box: box(0, 0, 10), score: 0.9 },
      { image: 0, classId: 0, box: box(0, 0, 10), score: 0.8 },
    ]
    expect(classPrecisionRecall(dup, gts, 0, 0.5).precision).toEqual([1, 0.5])
    expect(classPrecisionRecall(dup, gts, 0, 0.5).ap).toBeCloseTo(1, 12)
    // Shifted by 3 px: IoU = 70 / 130 = 0.538: a match at 0.5, not at 0.55.
    const shifted: ScoredDetection[] = [{ image: 0, classId: 0, box: [3, 0, 13, 10], score: 0.9 }]
    expect(classPrecisionRecall(shifted, gts, 0, 0.5).ap).toBeCloseTo(1, 12)
    expect(classPrecisionRecall(shifted, gts, 0, 0.55).ap).toBe(0)
  })

  it('a detection of another class or image matches nothing; a class without truth is left out of the mean', () => {
    const gts: TrueBox[] = [{ image: 0, classId: 0, box: box(0, 0, 10) }]
    const dets: ScoredDetection[] = [
      { image: 0, classId: 1, box: box(0, 0, 10), score: 0.9 },
      { image: 1, classId: 0, box: box(0, 0, 10), score: 0.9 },
    ]
    const s = detectionScores(dets, gts, 3)
    expect(s.perClass[0].ap50).toBe(0)
    expect(s.perClass[1].ap50).toBeNull()
    expect(s.map50).toBe(0)
  })
})

describe('average precision against a brute-force reference', () => {
  it('agrees on random scenes at every COCO IoU threshold', () => {
    const rng = mulberry32(42)
    let compared = 0
    for (let trial = 0; trial < 30; trial++) {
      const gts: TrueBox[] = []
      const dets: ScoredDetection[] = []
      for (let image = 0; image < 4; image++) {
        const n = Math.floor(rng() * 5)
        for (let k = 0; k < n; k++) {
          const g: TrueBox = { image, classId: Math.floor(rng() * 3), box: box(rng() * 80, rng() * 80, 10 + rng() * 20) }
          gts.push(g)
          // Noisy detections near each truth, sometimes of the wrong class, plus random ones.
          if (rng() < 0.8) dets.push({ image, classId: rng() < 0.85 ? g.classId : Math.floor(rng() * 3), box: g.box.map((v) => v + (rng() - 0.5) * 8) as unknown as Box, score: rng() })
        }
        for (let k = Math.floor(rng() * 4); k > 0; k--) dets.push({ image, classId: Math.floor(rng() * 3), box: box(rng() * 80, rng() * 80, 10 + rng() * 20), score: rng() })
      }
      const scores = detectionScores(dets, gts, 3)
      for (let c = 0; c < 3; c++) {
        for (const t of [0.5, 0.75, 0.95]) {
          const ours = classPrecisionRecall(dets, gts, c, t).ap
          const ref = referenceAp(dets, gts, c, t)
          if (ref === null) expect(ours).toBeNull()
          else {
            expect(ours).toBeCloseTo(ref, 10)
            compared++
          }
        }
        expect(scores.perClass[c].ap50).toBe(classPrecisionRecall(dets, gts, c, 0.5).ap)
      }
    }
    expect(compared).toBeGreaterThan(150)
  })
})
