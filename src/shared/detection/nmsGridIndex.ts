/**
 * A uniform grid over the candidates' extent, filing the keep ranks of kept boxes per
 * (class, cell), for the grid NMS path: any two boxes whose intersection has positive area share
 * the cell holding the intersection's corner, so a candidate need only meet the kept boxes filed
 * in the cells it covers. Lists hold ranks in increasing order (ranks are filed as boxes are kept).
 */
import type { Box } from './iou'

/** At most this many cells per axis. */
const GRID_MAX_CELLS = 128

/** The cells a box covers, inclusive, and how many. */
export interface CellRange {
  x0: number
  x1: number
  y0: number
  y1: number
  span: number
}

export class NmsGridIndex {
  private readonly minX: number
  private readonly minY: number
  private readonly cellW: number
  private readonly cellH: number
  private readonly gx: number
  private readonly gy: number
  private readonly cellCount: number
  /** Keep ranks per (class, cell), under the key class * cellCount + cell. */
  private readonly cells = new Map<number, number[]>()

  /** Sized so a cell is about the mean side of the candidates with area (finite coordinates assumed). */
  constructor(boxes: readonly Box[], candidates: Int32Array) {
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    let sides = 0
    let solid = 0
    for (let c = 0; c < candidates.length; c++) {
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
    this.minX = minX
    this.minY = minY
    this.cellW = Math.max(side, (maxX - minX) / GRID_MAX_CELLS) || 1
    this.cellH = Math.max(side, (maxY - minY) / GRID_MAX_CELLS) || 1
    this.gx = solid > 0 ? Math.min(GRID_MAX_CELLS, Math.floor((maxX - minX) / this.cellW) + 1) : 1
    this.gy = solid > 0 ? Math.min(GRID_MAX_CELLS, Math.floor((maxY - minY) / this.cellH) + 1) : 1
    this.cellCount = this.gx * this.gy
  }

  /** The cells box (bx1, by1, bx2, by2) covers, clamped to the grid. */
  cover(bx1: number, by1: number, bx2: number, by2: number): CellRange {
    const x0 = this.cellX(bx1)
    const x1 = this.cellX(bx2)
    const y0 = this.cellY(by1)
    const y1 = this.cellY(by2)
    return { x0, x1, y0, y1, span: (x1 - x0 + 1) * (y1 - y0 + 1) }
  }

  /** The keep ranks filed for class `cls` in cell (x, y), in increasing order. */
  ranksAt(cls: number, x: number, y: number): number[] | undefined {
    return this.cells.get(cls * this.cellCount + y * this.gx + x)
  }

  /** Files keep rank `rank` (larger than any filed so far) of class `cls` in every cell of `range`. */
  file(cls: number, range: CellRange, rank: number): void {
    const base = cls * this.cellCount
    for (let y = range.y0; y <= range.y1; y++) {
      for (let x = range.x0; x <= range.x1; x++) {
        const at = base + y * this.gx + x
        const list = this.cells.get(at)
        if (list) list.push(rank)
        else this.cells.set(at, [rank])
      }
    }
  }

  private cellX(v: number): number {
    return Math.min(this.gx - 1, Math.max(0, Math.floor((v - this.minX) / this.cellW)))
  }

  private cellY(v: number): number {
    return Math.min(this.gy - 1, Math.max(0, Math.floor((v - this.minY) / this.cellH)))
  }
}
