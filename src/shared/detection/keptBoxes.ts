/**
 * The fast NMS paths' store of kept boxes (structure of arrays, for the inner loops) and the one
 * overlap test both paths use, with the same arithmetic as `iou()`, operation for operation, so
 * the fast paths' results are identical to the reference, not merely close.
 */

/** Kept boxes, by keep rank (0 = kept first), stored contiguously. */
export class KeptBoxes {
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

  /**
   * Whether kept box `r` removes the candidate (bx1, by1, bx2, by2) of area `bArea`: IoU greater
   * than `threshold`. Boxes that do not overlap (IoU 0) remove each other only under a negative
   * threshold.
   */
  removes(r: number, bx1: number, by1: number, bx2: number, by2: number, bArea: number, threshold: number): boolean {
    const w = Math.min(this.x2[r], bx2) - Math.max(this.x1[r], bx1)
    let inter = 0
    if (w > 0) {
      const h = Math.min(this.y2[r], by2) - Math.max(this.y1[r], by1)
      if (h > 0) inter = w * h
    }
    return inter === 0 ? 0 > threshold : inter / (this.area[r] + bArea - inter) > threshold
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

/** Area of a box, a negative width or height clamped to 0 (as `area()` in iou.ts). */
export function boxArea(x1: number, y1: number, x2: number, y2: number): number {
  return Math.max(0, x2 - x1) * Math.max(0, y2 - y1)
}
