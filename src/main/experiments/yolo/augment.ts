/**
 * yolo's augmentation: a horizontal mirror of a training image and of its encoded targets. The
 * built-in shapes are left-right symmetric, so a mirrored scene is as valid as a generated one.
 * Pure (no files, clocks or tf): it rewrites the arrays it is given, in place.
 */
import { deriveSeed, mulberry32 } from '../../../shared/random'

/**
 * Mirrors one image left-right and moves its targets with it: the object in cell (row, col) goes
 * to (row, S - 1 - col), b_x becomes 1 - b_x; b_y, sizes, anchor and class stay.
 * @param image [size, size, 3] pixels, written in place
 * @param targets [S, S, A, slot] one image's targets, written in place
 */
export function mirrorScene(image: Float32Array, size: number, targets: Float32Array, grid: number, anchors: number, slot: number): void {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size / 2; x++) {
      const a = (y * size + x) * 3
      const b = (y * size + size - 1 - x) * 3
      for (let ch = 0; ch < 3; ch++) {
        const t = image[a + ch]
        image[a + ch] = image[b + ch]
        image[b + ch] = t
      }
    }
  }
  const cell = anchors * slot
  const row = new Float32Array(grid * cell)
  for (let r = 0; r < grid; r++) {
    const base = r * grid * cell
    row.set(targets.subarray(base, base + grid * cell))
    for (let c = 0; c < grid; c++) {
      const to = base + (grid - 1 - c) * cell
      targets.set(row.subarray(c * cell, (c + 1) * cell), to)
      for (let a = 0; a < anchors; a++) {
        const o = to + a * slot
        if (targets[o] === 1) targets[o + 1] = 1 - targets[o + 1]
      }
    }
  }
}

/** Whether training image `index` is mirrored in `epoch`: a fair coin that depends only on (seed, epoch, index). */
export function mirrored(seed: number, epoch: number, index: number): boolean {
  return mulberry32(deriveSeed(seed, 'mirror', epoch, index))() < 0.5
}
