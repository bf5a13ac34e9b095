/**
 * Box geometry for object detection (experiments.md §3). Pure: no TensorFlow, no Node imports, so
 * the renderer can import it as well as the main process.
 *
 * A box is (x1, y1, x2, y2) in pixels. Its area clamps a negative width or height to 0, so an
 * inverted or degenerate box has area 0 and overlaps nothing.
 */

/** (x1, y1, x2, y2). */
export type Box = readonly [number, number, number, number]

export function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1])
}

/** Area of the overlap of a and b (0 when they do not overlap). */
export function intersection(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0])
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1])
  return w > 0 && h > 0 ? w * h : 0
}

/**
 * Intersection over union: inter / (area(a) + area(b) - inter). Two boxes of area 0 have no
 * union; their IoU is defined as 0 (never NaN), so a degenerate box suppresses nothing.
 */
export function iou(a: Box, b: Box): number {
  const inter = intersection(a, b)
  if (inter === 0) return 0
  return inter / (area(a) + area(b) - inter)
}
