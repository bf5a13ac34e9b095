/**
 * Average precision of a detector, COCO-style: detections ranked by score are matched greedily to
 * the unmatched ground-truth box of their class and image with the highest IoU at or above a
 * threshold; precision is made non-increasing from the right and read at 101 recall points
 * (0, 0.01, ..., 1), 0 past the highest recall reached. mAP@0.5 uses IoU 0.5; mAP@0.5:0.95
 * averages over IoU 0.50, 0.55, ..., 0.95. Classes without ground truth are left out of the means.
 * Pure: the renderer can use it too.
 */
import { iou, type Box } from './iou'

export interface TrueBox {
  image: number
  classId: number
  box: Box
}

export interface ScoredDetection extends TrueBox {
  score: number
}

export interface PrecisionRecall {
  /** Precision and recall after each ranked detection of the class (raw, not interpolated). */
  precision: number[]
  recall: number[]
  /** Interpolated precision at the 101 recall points. */
  interpolated: number[]
  /** Mean of `interpolated`; null when the class has no ground truth. */
  ap: number | null
}

export const RECALL_POINTS: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100)
export const COCO_IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i)

/** Precision/recall and AP of one class at one IoU threshold. */
export function classPrecisionRecall(detections: readonly ScoredDetection[], truths: readonly TrueBox[], classId: number, iouThreshold: number): PrecisionRecall {
  const gts = truths.filter((t) => t.classId === classId)
  const byImage = new Map<number, Array<{ box: Box; matched: boolean }>>()
  for (const t of gts) {
    const list = byImage.get(t.image) ?? []
    list.push({ box: t.box, matched: false })
    byImage.set(t.image, list)
  }
  // Stable order for equal scores: the input order.
  const ranked = detections
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.classId === classId)
    .sort((a, b) => b.d.score - a.d.score || a.i - b.i)
  const precision: number[] = []
  const recall: number[] = []
  let tp = 0
  ranked.forEach(({ d }, k) => {
    let best = -1
    let bestIou = iouThreshold
    const candidates = byImage.get(d.image) ?? []
    candidates.forEach((g, j) => {
      if (g.matched) return
      const o = iou(d.box, g.box)
      if (o >= bestIou) {
        bestIou = o
        best = j
      }
    })
    if (best >= 0) {
      candidates[best].matched = true
      tp++
    }
    precision.push(tp / (k + 1))
    recall.push(gts.length ? tp / gts.length : 0)
  })
  if (!gts.length) return { precision, recall, interpolated: RECALL_POINTS.map(() => 0), ap: null }
  // Non-increasing envelope from the right.
  const envelope = precision.slice()
  for (let k = envelope.length - 2; k >= 0; k--) envelope[k] = Math.max(envelope[k], envelope[k + 1])
  const interpolated = RECALL_POINTS.map((r) => {
    const k = recall.findIndex((value) => value >= r - 1e-12)
    return k < 0 ? 0 : envelope[k]
  })
  return { precision, recall, interpolated, ap: interpolated.reduce((a, b) => a + b, 0) / interpolated.length }
}

export interface DetectionScores {
  /** mAP at IoU 0.5, over classes with ground truth (null: no class has any). */
  map50: number | null
  /** mAP averaged over IoU 0.50:0.05:0.95. */
  map5095: number | null
  /** Per class: AP at 0.5, AP at 0.5:0.95 (null without ground truth), and the PR curve at 0.5. */
  perClass: Array<{ classId: number; ap50: number | null; ap5095: number | null; curve: PrecisionRecall }>
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)

export function detectionScores(detections: readonly ScoredDetection[], truths: readonly TrueBox[], classCount: number): DetectionScores {
  const perClass = Array.from({ length: classCount }, (_, classId) => {
    const aps = COCO_IOU_THRESHOLDS.map((t) => classPrecisionRecall(detections, truths, classId, t).ap)
    const curve = classPrecisionRecall(detections, truths, classId, 0.5)
    return { classId, ap50: curve.ap, ap5095: aps[0] === null ? null : mean(aps as number[]), curve }
  })
  const withTruth = perClass.filter((c) => c.ap50 !== null)
  return { map50: mean(withTruth.map((c) => c.ap50!)), map5095: mean(withTruth.map((c) => c.ap5095!)), perClass }
}
