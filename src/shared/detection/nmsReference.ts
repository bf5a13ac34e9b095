/**
 * NMS written out literally as experiments.md §3 defines it (see nms.ts): quadratic, for tests
 * and the benchmark, which check that the fast path returns exactly this.
 */
import { iou, type Box } from './iou'
import { checkInputs, classLookup, type NmsOptions, type NmsResult } from './nmsOptions'

/** The definition, step by step: O(n) per kept box to find the best and O(n) to remove. */
export function nmsReference(boxes: readonly Box[], scores: ArrayLike<number>, options: NmsOptions): NmsResult {
  const max = checkInputs(boxes, scores, options)
  const classOf = classLookup(options)
  const suppressedBy = new Int32Array(boxes.length).fill(-1)
  // Kept in index order, so a strict `>` below lets the first index win ties.
  let remaining: number[] = []
  for (let i = 0; i < boxes.length; i++) if (scores[i] >= options.scoreThreshold) remaining.push(i)
  const kept: number[] = []
  while (remaining.length > 0 && kept.length < max) {
    let best = remaining[0]
    for (const i of remaining) if (scores[i] > scores[best]) best = i
    kept.push(best)
    remaining = remaining.filter((i) => {
      if (i === best) return false
      if (classOf && classOf(i) !== classOf(best)) return true
      if (iou(boxes[best], boxes[i]) > options.iouThreshold) {
        suppressedBy[i] = best
        return false
      }
      return true
    })
  }
  return { kept, suppressedBy }
}
