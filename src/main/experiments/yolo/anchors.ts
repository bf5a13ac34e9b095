/**
 * Anchor boxes from the training boxes' sizes, as YOLOv2 chooses them: k-means on (width, height)
 * with the distance 1 - IoU of the two sizes placed at the same centre, so large and small boxes
 * count alike. Deterministic for a seed (k-means++ seeding). Pure.
 */
import { mulberry32 } from '../../../shared/random'

/** A box size, normalised to the image side: [width, height] in (0, 1]. */
export type Size = readonly [number, number]

/** IoU of two sizes with the same centre. */
export function sizeIou(a: Size, b: Size): number {
  const inter = Math.min(a[0], b[0]) * Math.min(a[1], b[1])
  return inter / (a[0] * a[1] + b[0] * b[1] - inter)
}

/** Index of the size in `anchors` with the highest IoU with `size` (the first on ties). */
export function bestAnchor(size: Size, anchors: readonly Size[]): number {
  let best = 0
  for (let k = 1; k < anchors.length; k++) if (sizeIou(size, anchors[k]) > sizeIou(size, anchors[best])) best = k
  return best
}

export interface AnchorFit {
  /** The anchors, smallest area first. */
  anchors: Size[]
  /** Mean over the boxes of the IoU with their best anchor (YOLOv2's "Avg IOU"). */
  meanIou: number
}

/** k anchors for the given sizes (k is lowered to the number of distinct sizes). */
export function kmeansAnchors(sizes: readonly Size[], k: number, seed: number, iterations = 100): AnchorFit {
  if (!sizes.length) throw new Error('no boxes to choose anchors from')
  if (!Number.isInteger(k) || k < 1) throw new Error(`the number of anchors must be a whole number >= 1, got ${k}`)
  for (const s of sizes) if (!(s[0] > 0 && s[1] > 0)) throw new Error(`box sizes must be positive, got ${s[0]}x${s[1]}`)
  const distinct = new Set(sizes.map((s) => `${s[0]},${s[1]}`)).size
  k = Math.min(k, distinct)
  const rng = mulberry32(seed)
  // k-means++: each next centre drawn with probability proportional to its squared distance.
  const centres: Size[] = [sizes[Math.floor(rng() * sizes.length)]]
  while (centres.length < k) {
    const d = sizes.map((s) => Math.min(...centres.map((c) => 1 - sizeIou(s, c))) ** 2)
    const total = d.reduce((a, b) => a + b, 0)
    let pick = rng() * total
    let i = 0
    while (i < d.length - 1 && (pick -= d[i]) > 0) i++
    centres.push(sizes[i])
  }
  let assignment = new Int32Array(sizes.length).fill(-1)
  for (let it = 0; it < iterations; it++) {
    const next = Int32Array.from(sizes, (s) => bestAnchor(s, centres))
    const stable = next.every((a, i) => a === assignment[i])
    assignment = next
    // New centres: the mean size of each cluster (an emptied cluster keeps its centre).
    for (let c = 0; c < k; c++) {
      let w = 0
      let h = 0
      let n = 0
      sizes.forEach((s, i) => {
        if (assignment[i] === c) {
          w += s[0]
          h += s[1]
          n++
        }
      })
      if (n) centres[c] = [w / n, h / n]
    }
    if (stable) break
  }
  const anchors = centres.slice().sort((a, b) => a[0] * a[1] - b[0] * b[1])
  const meanIou = sizes.reduce((acc, s) => acc + sizeIou(s, anchors[bestAnchor(s, anchors)]), 0) / sizes.length
  return { anchors, meanIou }
}
