/**
 * YOLO's label encoding (spec §3): an S x S grid with A anchors per cell, each anchor slot holding
 * [p_c, b_x, b_y, b_w, b_h, c_1..c_k]. An object goes to the cell holding its centre and to that
 * cell's anchor whose size has the highest IoU with the object's; b_x, b_y are the centre's
 * position inside the cell in [0, 1]; b_w, b_h are log(size / anchor size) (YOLOv2's log space);
 * c is one-hot. Pure: arrays in, arrays out.
 */
import { bestAnchor, type Size } from './anchors'

/** An object in normalised image coordinates: centre (cx, cy) and size (w, h), all in [0, 1]. */
export interface NormalisedBox {
  classId: number
  cx: number
  cy: number
  w: number
  h: number
}

export interface GridSpec {
  /** Cells per side. */
  grid: number
  anchors: readonly Size[]
  classes: number
}

/** Values per anchor slot: p_c, b_x, b_y, b_w, b_h and one per class. */
export const slotSize = (spec: GridSpec) => 5 + spec.classes

export interface EncodedTargets {
  /** [grid, grid, anchors, 5 + classes], row (y) first. */
  data: Float32Array
  /** Objects that lost their slot to a later object with the same cell and anchor. */
  collisions: number
}

/** Cell index of a normalised coordinate: floor(v * S), the right/bottom edge in the last cell. */
const cellOf = (v: number, grid: number) => Math.min(grid - 1, Math.max(0, Math.floor(v * grid)))

export function encodeTargets(boxes: readonly NormalisedBox[], spec: GridSpec): EncodedTargets {
  const { grid, anchors, classes } = spec
  const slot = slotSize(spec)
  const data = new Float32Array(grid * grid * anchors.length * slot)
  let collisions = 0
  for (const b of boxes) {
    if (!(b.w > 0 && b.h > 0)) throw new Error(`a box must have a positive size, got ${b.w}x${b.h}`)
    if (!(Number.isInteger(b.classId) && b.classId >= 0 && b.classId < classes)) throw new Error(`class ${b.classId} is not one of the ${classes} classes`)
    const col = cellOf(b.cx, grid)
    const row = cellOf(b.cy, grid)
    const a = bestAnchor([b.w, b.h], anchors)
    const o = ((row * grid + col) * anchors.length + a) * slot
    if (data[o] === 1) collisions++
    data.fill(0, o, o + slot)
    data[o] = 1
    data[o + 1] = b.cx * grid - col
    data[o + 2] = b.cy * grid - row
    data[o + 3] = Math.log(b.w / anchors[a][0])
    data[o + 4] = Math.log(b.h / anchors[a][1])
    data[o + 5 + b.classId] = 1
  }
  return { data, collisions }
}

/** The boxes held by the slots whose p_c is 1: the inverse of encodeTargets. */
export function decodeTargets(data: Float32Array, spec: GridSpec): NormalisedBox[] {
  const { grid, anchors, classes } = spec
  const slot = slotSize(spec)
  const out: NormalisedBox[] = []
  for (let row = 0; row < grid; row++)
    for (let col = 0; col < grid; col++)
      for (let a = 0; a < anchors.length; a++) {
        const o = ((row * grid + col) * anchors.length + a) * slot
        if (data[o] !== 1) continue
        let classId = 0
        for (let c = 1; c < classes; c++) if (data[o + 5 + c] > data[o + 5 + classId]) classId = c
        out.push({
          classId,
          cx: (col + data[o + 1]) / grid,
          cy: (row + data[o + 2]) / grid,
          w: anchors[a][0] * Math.exp(data[o + 3]),
          h: anchors[a][1] * Math.exp(data[o + 4]),
        })
      }
  return out
}
