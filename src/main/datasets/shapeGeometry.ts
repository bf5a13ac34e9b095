/**
 * Point-in-shape tests for the synthetic `shapes` data set. Every test takes coordinates
 * normalised to the shape's bounding square: u (left to right) and v (top to bottom) both in
 * [-1, 1], so a shape drawn with half-extent r around (cx, cy) covers exactly that square and
 * stays inside the image whenever the square does.
 */

/** Class names in label order: label i is SHAPE_NAMES[i]. Never reorder: labels would change. */
export const SHAPE_NAMES = ['circle', 'square', 'triangle', 'cross', 'ring', 'diamond', 'star', 'frame'] as const

export type ShapeName = (typeof SHAPE_NAMES)[number]

export type InsideTest = (u: number, v: number) => boolean

// Star: 5 outer points of radius 1, inner corners at STAR_INNER. Folding the angle into one
// half-sector (outer point on the x axis, inner corner at angle PI/5) leaves one straight edge.
const STAR_INNER = 0.45
const STAR_SECTOR = (2 * Math.PI) / 5
const STAR_IX = STAR_INNER * Math.cos(Math.PI / 5)
const STAR_IY = STAR_INNER * Math.sin(Math.PI / 5)

function insideStar(u: number, v: number): boolean {
  const rho = Math.hypot(u, v)
  if (rho > 1) return false
  // Angle measured from "up" so one point of the star faces the top of the image.
  let t = Math.atan2(u, -v)
  if (t < 0) t += 2 * Math.PI
  t %= STAR_SECTOR
  if (t > STAR_SECTOR / 2) t = STAR_SECTOR - t
  const x = rho * Math.cos(t)
  const y = rho * Math.sin(t)
  // Inside when (x, y) lies on the origin's side of the edge from (1, 0) to (STAR_IX, STAR_IY).
  const cross = (STAR_IX - 1) * y - STAR_IY * (x - 1)
  return cross >= 0
}

const TESTS: Record<ShapeName, InsideTest> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= 0.9 && Math.abs(v) <= 0.9,
  // Apex at the top centre, base along the bottom edge.
  triangle: (u, v) => Math.abs(u) <= (v + 1) / 2,
  cross: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1),
  ring: (u, v) => {
    const d = u * u + v * v
    return d <= 1 && d >= 0.55 * 0.55
  },
  diamond: (u, v) => Math.abs(u) + Math.abs(v) <= 1,
  star: insideStar,
  frame: (u, v) => {
    const m = Math.max(Math.abs(u), Math.abs(v))
    return m <= 0.95 && m >= 0.6
  },
}

export function insideTest(name: ShapeName): InsideTest {
  return TESTS[name]
}
