/**
 * The fast NMS path for large inputs with a threshold >= 0, where only boxes that really overlap
 * can remove each other: kept boxes are filed in a grid (nmsGridIndex.ts), and a candidate is
 * compared only with kept boxes sharing a grid cell with it. Cell lists hold keep ranks in
 * increasing order, so the first hit in a list, minimised over the lists, is the first kept box
 * in keep order that removes the candidate, as in the linear scan; results equal linearNms's.
 */
import type { Box } from './iou'
import { boxArea, KeptBoxes } from './keptBoxes'
import { NmsGridIndex, type CellRange } from './nmsGridIndex'
import type { ClassOf } from './nmsOptions'

/** Below this many candidates the grid costs more than it saves. */
export const GRID_MIN_CANDIDATES = 64
/** A box covering more grid cells than this is checked against (and by) every kept box instead. */
const GRID_MAX_SPAN = 64

/** Whether every candidate's coordinates are finite (the grid needs a finite extent). */
export function allFinite(boxes: readonly Box[], candidates: Int32Array): boolean {
  for (let c = 0; c < candidates.length; c++) {
    const b = boxes[candidates[c]]
    if (!(Number.isFinite(b[0]) && Number.isFinite(b[1]) && Number.isFinite(b[2]) && Number.isFinite(b[3]))) return false
  }
  return true
}

/**
 * The lowest rank in `ranks` (increasing) below `below` whose kept box removes the candidate,
 * or `below` if none does.
 */
function firstRemover(
  ranks: readonly number[],
  below: number,
  all: KeptBoxes,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
  bArea: number,
  threshold: number,
): number {
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]
    if (r >= below) break
    if (all.removes(r, bx1, by1, bx2, by2, bArea, threshold)) return r
  }
  return below
}

/** As linearNms (same arguments and result), for `threshold >= 0` and finite coordinates only. */
export function gridNms(
  boxes: readonly Box[],
  candidates: Int32Array,
  classOf: ClassOf,
  threshold: number,
  max: number,
  kept: number[],
  suppressedBy: Int32Array,
): void {
  const m = candidates.length
  const grid = new NmsGridIndex(boxes, candidates)
  /** Per class, kept boxes too large for the grid, by rank. */
  const wideByClass = new Map<number, number[]>()
  /** Class values as small integers, for the keys. */
  const classIds = new Map<number, number>()
  const all = new KeptBoxes()

  let full = false
  for (let c = 0; c < m; c++) {
    const j = candidates[c]
    const b = boxes[j]
    const bx1 = b[0]
    const by1 = b[1]
    const bx2 = b[2]
    const by2 = b[3]
    const bArea = boxArea(bx1, by1, bx2, by2)
    let cls = 0
    if (classOf) {
      const value = classOf(j)
      const id = classIds.get(value)
      if (id === undefined) classIds.set(value, (cls = classIds.size))
      else cls = id
    }
    let wide = wideByClass.get(cls)
    // A box without area intersects nothing: it is never removed and removes nothing.
    const solidBox = bx2 > bx1 && by2 > by1
    let best = Infinity
    let range: CellRange | null = null
    if (solidBox) {
      range = grid.cover(bx1, by1, bx2, by2)
      if (range.span > GRID_MAX_SPAN) {
        for (let r = 0; r < all.count; r++) {
          if (all.group[r] === cls && all.removes(r, bx1, by1, bx2, by2, bArea, threshold)) {
            best = r
            break
          }
        }
      } else {
        for (let y = range.y0; y <= range.y1; y++) {
          for (let x = range.x0; x <= range.x1; x++) {
            const list = grid.ranksAt(cls, x, y)
            if (list) best = firstRemover(list, best, all, bx1, by1, bx2, by2, bArea, threshold)
          }
        }
        if (wide) best = firstRemover(wide, best, all, bx1, by1, bx2, by2, bArea, threshold)
      }
    }
    if (best !== Infinity) {
      suppressedBy[j] = all.index[best]
      continue
    }
    if (full) continue
    const rank = all.count
    kept.push(j)
    all.add(j, bx1, by1, bx2, by2, bArea, cls)
    if (range) {
      if (range.span > GRID_MAX_SPAN) {
        if (wide) wide.push(rank)
        else wideByClass.set(cls, (wide = [rank]))
      } else {
        grid.file(cls, range, rank)
      }
    }
    full = kept.length >= max
  }
}
