/**
 * From the network's raw output to detections (spec §3): per anchor slot, objectness
 * sigmoid(t_o) times the class probability softmax(t_c); box centre (col + sigmoid(t_x)) / S,
 * size anchor * exp(t_w); slots under the score threshold dropped, then Benchtop's per-class NMS.
 * Pure.
 */
import { nmsDetections } from '../../../shared/detection/nms'
import type { GridSpec } from './targets'
import { slotSize } from './targets'

export interface Detection {
  classId: number
  score: number
  /** [x1, y1, x2, y2] in pixels of an image width x height. */
  box: [number, number, number, number]
}

export interface DecodeOptions {
  scoreThreshold: number
  iouThreshold: number
  maxDetections: number
  /** The image's size in pixels (boxes are scaled to it). */
  width: number
  height: number
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

/** Every slot scoring at least o.scoreThreshold, before NMS, best first (the Detect page runs NMS itself). */
export function decodeCandidates(raw: ArrayLike<number>, spec: GridSpec, o: Pick<DecodeOptions, 'scoreThreshold' | 'width' | 'height'>): Detection[] {
  const { grid, anchors, classes } = spec
  const slot = slotSize(spec)
  if (raw.length !== grid * grid * anchors.length * slot) throw new Error(`the output has ${raw.length} values, not ${grid}x${grid}x${anchors.length}x${slot}`)
  const candidates: Detection[] = []
  const probs = new Float64Array(classes)
  for (let row = 0; row < grid; row++)
    for (let col = 0; col < grid; col++)
      for (let a = 0; a < anchors.length; a++) {
        const i = ((row * grid + col) * anchors.length + a) * slot
        const objectness = sigmoid(raw[i])
        if (objectness < o.scoreThreshold) continue
        let max = -Infinity
        for (let c = 0; c < classes; c++) max = Math.max(max, raw[i + 5 + c])
        let sum = 0
        for (let c = 0; c < classes; c++) sum += probs[c] = Math.exp(raw[i + 5 + c] - max)
        let classId = 0
        for (let c = 1; c < classes; c++) if (probs[c] > probs[classId]) classId = c
        const score = objectness * (probs[classId] / sum)
        if (score < o.scoreThreshold) continue
        const cx = ((col + sigmoid(raw[i + 1])) / grid) * o.width
        const cy = ((row + sigmoid(raw[i + 2])) / grid) * o.height
        const w = anchors[a][0] * Math.exp(Math.min(raw[i + 3], 10)) * o.width
        const h = anchors[a][1] * Math.exp(Math.min(raw[i + 4], 10)) * o.height
        candidates.push({ classId, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] })
      }
  return candidates.sort((a, b) => b.score - a.score)
}

/** @param raw one image's output, [grid, grid, anchors, 5 + classes] flattened. */
export function decodeOutput(raw: ArrayLike<number>, spec: GridSpec, o: DecodeOptions): Detection[] {
  const candidates = decodeCandidates(raw, spec, o)
  return nmsDetections(candidates, { iouThreshold: o.iouThreshold, maxDetections: o.maxDetections, scoreThreshold: o.scoreThreshold }).kept
}
