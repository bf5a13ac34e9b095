/**
 * Non-maximum suppression exactly as experiments.md §3 defines it. Pure: no TensorFlow, no Node
 * imports, so the renderer's NMS playground can import this file and re-run NMS on cached
 * candidates while a slider moves.
 *
 *  1. Drop every box whose score is below `scoreThreshold` (a score equal to it stays; NaN is dropped).
 *  2. Repeat: take the remaining box with the highest score (the first index wins ties), keep it,
 *     and remove every remaining box whose IoU with it is GREATER than `iouThreshold`.
 *     With classes, a kept box removes only boxes of its own class (per-class NMS);
 *     `classAgnostic` lets every box remove every other.
 *  3. Stop when nothing remains or `maxDetections` boxes are kept (after the last one has removed
 *     its overlaps). Boxes still remaining then overlap no kept box: they were cut by the limit,
 *     and are neither kept nor suppressed.
 *
 * Per-class NMS with a global `maxDetections` keeps exactly what running NMS on each class alone
 * and then taking the `maxDetections` best kept boxes of all classes would keep.
 *
 * `nmsReference` (nmsReference.ts) is that definition written out literally (quadratic, for tests
 * and the benchmark); `nms` is the fast path (sort once, precomputed areas, early exit: nmsLinear.ts,
 * and a spatial grid for large inputs: nmsGrid.ts, nmsGridIndex.ts) and returns exactly what the
 * reference returns, including `suppressedBy`. This file is the entry point the importers use.
 */
import type { Box } from './iou'
import { allFinite, GRID_MIN_CANDIDATES, gridNms } from './nmsGrid'
import { linearNms } from './nmsLinear'
import { checkInputs, classLookup, type NmsOptions, type NmsResult } from './nmsOptions'

export type { NmsOptions, NmsResult } from './nmsOptions'
export { nmsReference } from './nmsReference'

/**
 * The fast path: one sort (score descending, index ascending, which is the order the reference
 * picks boxes in), then each candidate is compared only with the boxes kept so far in its class,
 * stopping at the first that removes it; from 64 candidates on (and a threshold >= 0), only with
 * those kept boxes that share a grid cell with it. The IoU arithmetic is the same as `iou()`,
 * operation for operation, so results are identical to the reference, not merely close.
 *
 * Once `maxDetections` boxes are kept nothing more is kept (early exit); the remaining candidates
 * are only checked against the kept boxes, so `suppressedBy` matches the reference, whose kept
 * boxes remove their overlaps as they are kept.
 */
export function nms(boxes: readonly Box[], scores: ArrayLike<number>, options: NmsOptions): NmsResult {
  const max = checkInputs(boxes, scores, options)
  const n = boxes.length
  const suppressedBy = new Int32Array(n).fill(-1)
  const kept: number[] = []
  if (max === 0) return { kept, suppressedBy }

  const order = new Int32Array(n)
  let m = 0
  for (let i = 0; i < n; i++) if (scores[i] >= options.scoreThreshold) order[m++] = i
  const candidates = order.subarray(0, m)
  // Infinity - Infinity is NaN, and NaN || a - b falls back to the index: still a total order.
  candidates.sort((a, b) => scores[b] - scores[a] || a - b)

  const classOf = classLookup(options)
  if (options.iouThreshold >= 0 && m >= GRID_MIN_CANDIDATES && allFinite(boxes, candidates)) {
    gridNms(boxes, candidates, classOf, options.iouThreshold, max, kept, suppressedBy)
  } else {
    linearNms(boxes, candidates, classOf, options.iouThreshold, max, kept, suppressedBy)
  }
  return { kept, suppressedBy }
}

/** A scored, classified box, as the detector's candidates and the playground carry them. */
export interface ScoredBox {
  box: Box
  score: number
  classId: number
}

/** NMS over candidate objects: the kept ones (best first) and, per candidate, who removed it. */
export function nmsDetections<T extends ScoredBox>(
  candidates: readonly T[],
  options: Omit<NmsOptions, 'classes'>,
): { kept: T[]; keptIndices: number[]; suppressedBy: Int32Array } {
  const result = nms(
    candidates.map((c) => c.box),
    candidates.map((c) => c.score),
    { ...options, classes: candidates.map((c) => c.classId) },
  )
  return { kept: result.kept.map((i) => candidates[i]), keptIndices: result.kept, suppressedBy: result.suppressedBy }
}
