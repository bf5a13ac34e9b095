/**
 * The validation images a classifier's `predictions` output shows, and the contact sheet (one PNG,
 * cells in rows of `columns`) they are drawn from, so that the app reads one image per epoch through
 * the run store instead of dozens. Pure: the caller encodes the pixels and writes them.
 */

/** Examples per sheet: enough to see every kind of mistake of a few-class model, small enough to scan. */
export const SHEET_MAX_ITEMS = 40
/** Cells per row. */
export const SHEET_COLUMNS = 8
/** Cell side in pixels: larger images are shrunk (nearest), smaller ones kept as they are (the app scales them up). */
export const SHEET_MAX_CELL = 48

/**
 * Test indices to show, at most `max`: every (actual, predicted) pair that occurred gets examples in
 * turn, misclassified pairs first, so that each cell of the confusion matrix has at least one
 * example when there are no more such pairs than `max`, and a small model's few mistakes are never
 * crowded out by its many right answers. Within a pair, test order. Returned in test order.
 * @param labels [n] actual class per test image
 * @param predicted [n] predicted class per test image
 */
export function choosePredictionExamples(labels: ArrayLike<number>, predicted: ArrayLike<number>, max = SHEET_MAX_ITEMS): number[] {
  const byPair = new Map<string, number[]>()
  for (let i = 0; i < labels.length; i++) {
    const key = `${labels[i]},${predicted[i]}`
    let list = byPair.get(key)
    if (!list) byPair.set(key, (list = []))
    list.push(i)
  }
  const pairs = [...byPair.entries()]
    .map(([key, indices]) => {
      const [actual, pred] = key.split(',').map(Number)
      return { wrong: actual !== pred, actual, pred, indices }
    })
    .sort((a, b) => Number(b.wrong) - Number(a.wrong) || a.actual - b.actual || a.pred - b.pred)
  const chosen: number[] = []
  for (let round = 0; chosen.length < max; round++) {
    let took = false
    for (const p of pairs) {
      if (round < p.indices.length && chosen.length < max) {
        chosen.push(p.indices[round])
        took = true
      }
    }
    if (!took) break
  }
  return chosen.sort((a, b) => a - b)
}

export interface RawSheet {
  /** [height, width, channels] bytes. */
  pixels: Uint8Array
  width: number
  height: number
  channels: number
}

/**
 * The chosen images side by side, `columns` per row, each shrunk to `cell` x `cell` by nearest
 * neighbour (the centre of each output pixel picks its source pixel).
 * @param images [n, size, size, channels] bytes
 * @param indices which images, in cell order
 */
export function contactSheet(images: Uint8Array, size: number, channels: number, indices: readonly number[], cell: number, columns: number): RawSheet {
  const cols = Math.max(1, Math.min(columns, indices.length))
  const rows = Math.max(1, Math.ceil(indices.length / cols))
  const width = cols * cell
  const height = rows * cell
  const pixels = new Uint8Array(width * height * channels)
  const source = Int32Array.from({ length: cell }, (_, k) => Math.min(size - 1, Math.floor(((k + 0.5) * size) / cell)))
  indices.forEach((index, n) => {
    const x0 = (n % cols) * cell
    const y0 = Math.floor(n / cols) * cell
    const base = index * size * size * channels
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const from = base + (source[y] * size + source[x]) * channels
        const to = ((y0 + y) * width + x0 + x) * channels
        for (let c = 0; c < channels; c++) pixels[to + c] = images[from + c]
      }
    }
  })
  return { pixels, width, height, channels }
}
