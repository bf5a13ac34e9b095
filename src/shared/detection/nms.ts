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
 * `nmsReference` is that definition written out literally (quadratic, for tests and the
 * benchmark); `nms` is the fast path (sort once, precomputed areas, early exit, and a spatial
 * grid for large inputs) and returns exactly what the reference returns, including `suppressedBy`.
 */
import { iou, type Box } from './iou'

export interface NmsOptions {
  /** Boxes scoring below this are dropped first; a score equal to it is kept. */
  scoreThreshold: number
  /** A remaining box whose IoU with a kept box is greater than this is removed. */
  iouThreshold: number
  /** Stop after keeping this many boxes (default: no limit). */
  maxDetections?: number
  /** The class of each box: NMS then runs per class. Without it, all boxes are one class. */
  classes?: ArrayLike<number>
  /** Ignore `classes`: any kept box removes any overlapping box. */
  classAgnostic?: boolean
}

export interface NmsResult {
  /** Indices of the kept boxes, in the order they were kept (score descending, then index). */
  kept: number[]
  /**
   * For each input box, the index of the kept box that removed it (the first kept, in keep
   * order, of its class with IoU > threshold); -1 for kept boxes, boxes below the score threshold
   * and boxes left over when `maxDetections` was reached.
   */
  suppressedBy: Int32Array
}

function checkInputs(boxes: readonly Box[], scores: ArrayLike<number>, options: NmsOptions): number {
  if (boxes.length !== scores.length) throw new RangeError(`nms: ${boxes.length} boxes but ${scores.length} scores`)
  if (!options.classAgnostic && options.classes && options.classes.length !== boxes.length) {
    throw new RangeError(`nms: ${boxes.length} boxes but ${options.classes.length} classes`)
  }
  if (Number.isNaN(options.scoreThreshold) || Number.isNaN(options.iouThreshold)) throw new RangeError('nms: a threshold is NaN')
  const max = options.maxDetections ?? Infinity
  if (!(max >= 0) || (Number.isFinite(max) && !Number.isInteger(max))) {
    throw new RangeError(`nms: maxDetections must be a whole number >= 0, got ${max}`)
  }
  return max
}

function classLookup(options: NmsOptions): ((i: number) => number) | null {
  const classes = options.classAgnostic ? undefined : options.classes
  return classes ? (i) => classes[i] : null
}

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

/** Below this many candidates the grid costs more than it saves. */
const GRID_MIN_CANDIDATES = 64
/** A box covering more grid cells than this is checked against (and by) every kept box instead. */
const GRID_MAX_SPAN = 64
/** At most this many cells per axis. */
const GRID_MAX_CELLS = 128

function allFinite(boxes: readonly Box[], candidates: Int32Array): boolean {
  for (let c = 0; c < candidates.length; c++) {
    const b = boxes[candidates[c]]
    if (!(Number.isFinite(b[0]) && Number.isFinite(b[1]) && Number.isFinite(b[2]) && Number.isFinite(b[3]))) return false
  }
  return true
}

/**
 * Each candidate, best first, against the kept boxes of its class in keep order; the first with
 * IoU > threshold removes it. Any threshold, any coordinates.
 */
function linearNms(
  boxes: readonly Box[],
  candidates: Int32Array,
  classOf: ((i: number) => number) | null,
  threshold: number,
  max: number,
  kept: number[],
  suppressedBy: Int32Array,
): void {
  const groups = new Map<number, KeptGroup>()
  const single = new KeptGroup()
  // IoU 0 (no overlap) removes a box only under a negative threshold.
  const disjointRemoves = 0 > threshold
  const m = candidates.length

  let full = false
  for (let c = 0; c < m; c++) {
    const j = candidates[c]
    const b = boxes[j]
    const bx1 = b[0]
    const by1 = b[1]
    const bx2 = b[2]
    const by2 = b[3]
    const bArea = Math.max(0, bx2 - bx1) * Math.max(0, by2 - by1)
    let group = single
    if (classOf) {
      const cls = classOf(j)
      let g = groups.get(cls)
      if (!g) groups.set(cls, (g = new KeptGroup()))
      group = g
    }
    // The kept boxes of this group, in keep order; the first that removes j is its suppressor.
    let removedBy = -1
    const { x1, y1, x2, y2, area, index } = group
    for (let g = 0, count = group.count; g < count; g++) {
      const w = Math.min(x2[g], bx2) - Math.max(x1[g], bx1)
      let inter = 0
      if (w > 0) {
        const h = Math.min(y2[g], by2) - Math.max(y1[g], by1)
        if (h > 0) inter = w * h
      }
      if (inter === 0 ? disjointRemoves : inter / (area[g] + bArea - inter) > threshold) {
        removedBy = index[g]
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

/**
 * The same result for a threshold >= 0, where only boxes that really overlap can remove each
 * other: kept boxes are filed in a uniform grid over the candidates' extent, and a candidate is
 * compared only with kept boxes sharing a grid cell with it (any two boxes whose intersection
 * has positive area share the cell holding the intersection's corner). Cell lists hold keep
 * ranks in increasing order, so the first hit in a list, minimised over the lists, is the first
 * kept box in keep order that removes the candidate, as in the linear scan.
 */
function gridNms(
  boxes: readonly Box[],
  candidates: Int32Array,
  classOf: ((i: number) => number) | null,
  threshold: number,
  max: number,
  kept: number[],
  suppressedBy: Int32Array,
): void {
  const m = candidates.length
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  let sides = 0
  let solid = 0
  for (let c = 0; c < m; c++) {
    const b = boxes[candidates[c]]
    if (!(b[2] > b[0] && b[3] > b[1])) continue
    if (b[0] < minX) minX = b[0]
    if (b[1] < minY) minY = b[1]
    if (b[2] > maxX) maxX = b[2]
    if (b[3] > maxY) maxY = b[3]
    sides += (b[2] - b[0] + (b[3] - b[1])) / 2
    solid++
  }
  const side = solid > 0 ? sides / solid : 1
  const cellW = Math.max(side, (maxX - minX) / GRID_MAX_CELLS) || 1
  const cellH = Math.max(side, (maxY - minY) / GRID_MAX_CELLS) || 1
  const gx = solid > 0 ? Math.min(GRID_MAX_CELLS, Math.floor((maxX - minX) / cellW) + 1) : 1
  const gy = solid > 0 ? Math.min(GRID_MAX_CELLS, Math.floor((maxY - minY) / cellH) + 1) : 1
  const cellX = (v: number) => Math.min(gx - 1, Math.max(0, Math.floor((v - minX) / cellW)))
  const cellY = (v: number) => Math.min(gy - 1, Math.max(0, Math.floor((v - minY) / cellH)))
  const cellCount = gx * gy
  /** Keep ranks per (class, cell), under the key class * cellCount + cell. */
  const cells = new Map<number, number[]>()
  /** Per class, kept boxes too large for the grid, by rank. */
  const wideByClass = new Map<number, number[]>()
  /** Class values as small integers, for the keys. */
  const classIds = new Map<number, number>()
  const all = new KeptGroup()

  let full = false
  for (let c = 0; c < m; c++) {
    const j = candidates[c]
    const b = boxes[j]
    const bx1 = b[0]
    const by1 = b[1]
    const bx2 = b[2]
    const by2 = b[3]
    const bArea = Math.max(0, bx2 - bx1) * Math.max(0, by2 - by1)
    let cls = 0
    if (classOf) {
      const value = classOf(j)
      const id = classIds.get(value)
      if (id === undefined) classIds.set(value, (cls = classIds.size))
      else cls = id
    }
    const base = cls * cellCount
    let wide = wideByClass.get(cls)
    // A box without area intersects nothing: it is never removed and removes nothing.
    const solidBox = bx2 > bx1 && by2 > by1
    let best = Infinity
    let x0 = 0
    let x1 = 0
    let y0 = 0
    let y1 = 0
    let span = 0
    if (solidBox) {
      x0 = cellX(bx1)
      x1 = cellX(bx2)
      y0 = cellY(by1)
      y1 = cellY(by2)
      span = (x1 - x0 + 1) * (y1 - y0 + 1)
      const { x1: kx1, y1: ky1, x2: kx2, y2: ky2, area } = all
      if (span > GRID_MAX_SPAN) {
        for (let r = 0; r < all.count; r++) {
          if (all.group[r] !== cls) continue
          const w = Math.min(kx2[r], bx2) - Math.max(kx1[r], bx1)
          if (!(w > 0)) continue
          const h = Math.min(ky2[r], by2) - Math.max(ky1[r], by1)
          if (!(h > 0)) continue
          const inter = w * h
          if (inter !== 0 && inter / (area[r] + bArea - inter) > threshold) {
            best = r
            break
          }
        }
      } else {
        for (let y = y0; y <= y1; y++) {
          for (let x = x0; x <= x1; x++) {
            const list = cells.get(base + y * gx + x)
            if (!list) continue
            for (let i = 0; i < list.length; i++) {
              const r = list[i]
              if (r >= best) break
              const w = Math.min(kx2[r], bx2) - Math.max(kx1[r], bx1)
              if (!(w > 0)) continue
              const h = Math.min(ky2[r], by2) - Math.max(ky1[r], by1)
              if (!(h > 0)) continue
              const inter = w * h
              if (inter !== 0 && inter / (area[r] + bArea - inter) > threshold) {
                best = r
                break
              }
            }
          }
        }
        for (let i = 0; wide && i < wide.length; i++) {
          const r = wide[i]
          if (r >= best) break
          const w = Math.min(kx2[r], bx2) - Math.max(kx1[r], bx1)
          if (!(w > 0)) continue
          const h = Math.min(ky2[r], by2) - Math.max(ky1[r], by1)
          if (!(h > 0)) continue
          const inter = w * h
          if (inter !== 0 && inter / (area[r] + bArea - inter) > threshold) {
            best = r
            break
          }
        }
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
    if (solidBox) {
      if (span > GRID_MAX_SPAN) {
        if (wide) wide.push(rank)
        else wideByClass.set(cls, (wide = [rank]))
      } else {
        for (let y = y0; y <= y1; y++) {
          for (let x = x0; x <= x1; x++) {
            const at = base + y * gx + x
            const list = cells.get(at)
            if (list) list.push(rank)
            else cells.set(at, [rank])
          }
        }
      }
    }
    full = kept.length >= max
  }
}

/** The boxes kept so far in one class, stored contiguously for the inner loop. */
class KeptGroup {
  count = 0
  x1 = new Float64Array(8)
  y1 = new Float64Array(8)
  x2 = new Float64Array(8)
  y2 = new Float64Array(8)
  area = new Float64Array(8)
  /** The input index of each kept box. */
  index = new Int32Array(8)
  /** Its class, as a small integer (grid path only). */
  group = new Int32Array(8)

  add(i: number, x1: number, y1: number, x2: number, y2: number, area: number, group = 0): void {
    if (this.count === this.index.length) this.grow()
    const k = this.count++
    this.x1[k] = x1
    this.y1[k] = y1
    this.x2[k] = x2
    this.y2[k] = y2
    this.area[k] = area
    this.index[k] = i
    this.group[k] = group
  }

  private grow(): void {
    const size = this.index.length * 2
    const widen = (a: Float64Array) => {
      const b = new Float64Array(size)
      b.set(a)
      return b
    }
    this.x1 = widen(this.x1)
    this.y1 = widen(this.y1)
    this.x2 = widen(this.x2)
    this.y2 = widen(this.y2)
    this.area = widen(this.area)
    const widenInt = (a: Int32Array) => {
      const b = new Int32Array(size)
      b.set(a)
      return b
    }
    this.index = widenInt(this.index)
    this.group = widenInt(this.group)
  }
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
