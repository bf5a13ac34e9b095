/**
 * The fast NMS path for small inputs and any threshold or coordinates: each candidate, best
 * first, against the kept boxes of its class in keep order; the first with IoU > threshold
 * removes it.
 */
import type { Box } from './iou'
import { boxArea, KeptBoxes } from './keptBoxes'
import type { ClassOf } from './nmsOptions'

/**
 * Fills `kept` and `suppressedBy` from `candidates` (input indices sorted score descending, then
 * index ascending). Once `max` boxes are kept, the rest are only checked against the kept boxes.
 */
export function linearNms(
  boxes: readonly Box[],
  candidates: Int32Array,
  classOf: ClassOf,
  threshold: number,
  max: number,
  kept: number[],
  suppressedBy: Int32Array,
): void {
  const groups = new Map<number, KeptBoxes>()
  const single = new KeptBoxes()
  const m = candidates.length

  let full = false
  for (let c = 0; c < m; c++) {
    const j = candidates[c]
    const b = boxes[j]
    const bx1 = b[0]
    const by1 = b[1]
    const bx2 = b[2]
    const by2 = b[3]
    const bArea = boxArea(bx1, by1, bx2, by2)
    let group = single
    if (classOf) {
      const cls = classOf(j)
      let g = groups.get(cls)
      if (!g) groups.set(cls, (g = new KeptBoxes()))
      group = g
    }
    // The kept boxes of this group, in keep order; the first that removes j is its suppressor.
    let removedBy = -1
    for (let r = 0, count = group.count; r < count; r++) {
      if (group.removes(r, bx1, by1, bx2, by2, bArea, threshold)) {
        removedBy = group.index[r]
        break
      }
    }
    if (removedBy >= 0) {
      suppressedBy[j] = removedBy
      continue
    }
    if (full) continue
    kept.push(j)
    group.add(j, bx1, by1, bx2, by2, bArea)
    full = kept.length >= max
  }
}
