/**
 * Turns CenterNet's dense outputs into candidate boxes. Pure (no TensorFlow, no I/O): the arrays
 * come from the model, the result goes to NMS.
 *
 * What the graph computes (read from models/centernet.json and its constants, see centernet.ts):
 *  - `tower_0/keypoints` [1, 128, 128, 80]: per-class centre heat-map, already through a sigmoid
 *    (scores in 0..1, not logits).
 *  - `tower_0/wh` [1, 128, 128, 4]: the distances, in input pixels, from a cell's centre point to
 *    the box's left, top, right and bottom edges (the head's output times 16). There is no
 *    sub-cell offset output (no `reg`): the centre of cell (x, y) is (4x, 4y) in the 512 input.
 *  - `tower_0/detections` [1, 100, 6]: the graph's own decoding, (x1, y1, x2, y2, score, class):
 *    peaks where the heat-map equals its 3x3 max-pool (SAME padding), the 100 best over
 *    (y, x, class), and boxes (4x - l, 4y - t, 4x + r, 4y + b). No NMS.
 * `decodeCenterNet` does the same in JavaScript, with any top-K and a score floor.
 */
import type { Box } from '../../shared/detection/iou'

export interface DenseOutputs {
  /** Class scores in 0..1, [gridHeight, gridWidth, classes] row-major (NHWC without the batch). */
  heatmap: Float32Array
  /** Left, top, right, bottom distances in input pixels, [gridHeight, gridWidth, 4]. */
  ltrb: Float32Array
  gridHeight: number
  gridWidth: number
  classes: number
  /** Input pixels per grid cell (512 / 128 = 4). */
  stride: number
}

export interface RawCandidate {
  /** In the model's input pixels (0..512), unclipped. */
  box: Box
  score: number
  classId: number
}

export interface DecodeOptions {
  /** Keep at most this many peaks, best first (the graph's own decoding uses 100). */
  topK: number
  /** Ignore peaks scoring below this (0 keeps all, as the graph does). */
  minScore: number
}

/**
 * Peaks of the heat-map (a value >= each of its 8 neighbours in the same class channel, i.e.
 * equal to the 3x3 max-pool), the `topK` best by score (ties: lower flat (y, x, class) index
 * first, as TopK orders them), each with its box from `ltrb`.
 */
export function decodeCenterNet(out: DenseOutputs, options: DecodeOptions): RawCandidate[] {
  const { heatmap, ltrb, gridHeight: H, gridWidth: W, classes: C, stride } = out
  if (heatmap.length !== H * W * C) throw new RangeError(`heat-map has ${heatmap.length} values, expected ${H}x${W}x${C}`)
  if (ltrb.length !== H * W * 4) throw new RangeError(`box map has ${ltrb.length} values, expected ${H}x${W}x4`)
  const k = Math.max(0, Math.floor(options.topK))
  if (k === 0) return []
  // The best k so far, sorted best first: parallel arrays of score and flat index.
  const topScores = new Float64Array(k)
  const topIndex = new Int32Array(k)
  let count = 0
  const rowStride = W * C
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cell = (y * W + x) * C
      for (let c = 0; c < C; c++) {
        const v = heatmap[cell + c]
        if (!(v >= options.minScore)) continue
        // Flat indices grow through the scan, so an equal score never beats one already held.
        if (count === k && !(v > topScores[k - 1])) continue
        if (!isPeak(heatmap, v, cell + c, x, y, W, H, C, rowStride)) continue
        let pos = count < k ? count : k - 1
        while (pos > 0 && topScores[pos - 1] < v) {
          topScores[pos] = topScores[pos - 1]
          topIndex[pos] = topIndex[pos - 1]
          pos--
        }
        topScores[pos] = v
        topIndex[pos] = cell + c
        if (count < k) count++
      }
    }
  }
  const result: RawCandidate[] = []
  for (let i = 0; i < count; i++) {
    const flat = topIndex[i]
    const classId = flat % C
    const cellIndex = (flat - classId) / C
    const x = cellIndex % W
    const y = (cellIndex - x) / W
    const cx = x * stride
    const cy = y * stride
    const o = cellIndex * 4
    result.push({ box: [cx - ltrb[o], cy - ltrb[o + 1], cx + ltrb[o + 2], cy + ltrb[o + 3]], score: topScores[i], classId })
  }
  return result
}

function isPeak(map: Float32Array, v: number, at: number, x: number, y: number, W: number, H: number, C: number, rowStride: number): boolean {
  const x0 = x > 0 ? -1 : 0
  const x1 = x < W - 1 ? 1 : 0
  const y0 = y > 0 ? -1 : 0
  const y1 = y < H - 1 ? 1 : 0
  for (let dy = y0; dy <= y1; dy++) {
    for (let dx = x0; dx <= x1; dx++) {
      if (map[at + dy * rowStride + dx * C] > v) return false
    }
  }
  return true
}

/**
 * How the model's input relates to the original image: original = (input - pad) * scale, per
 * axis. For a stretched resize pad is 0 and scale is width / 512 (height / 512); for a letterbox
 * the image sits at the top left with one scale for both axes.
 */
export interface InputTransform {
  scaleX: number
  scaleY: number
  padX: number
  padY: number
  /** The original image's size (after EXIF orientation), which boxes are clipped to. */
  width: number
  height: number
}

/** Maps a box from model-input pixels to original pixels, clipped to the image. */
export function toOriginal(box: Box, t: InputTransform): Box {
  const fx = (v: number) => Math.min(t.width, Math.max(0, (v - t.padX) * t.scaleX))
  const fy = (v: number) => Math.min(t.height, Math.max(0, (v - t.padY) * t.scaleY))
  return [fx(box[0]), fy(box[1]), fx(box[2]), fy(box[3])]
}
