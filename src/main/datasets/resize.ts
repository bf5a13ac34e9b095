/**
 * Bilinear resize of grey images to RGB, pure. Used for IDX data (28x28 grey), where calling sharp
 * once per image would cost more than the arithmetic. Pixel centres sit at half-integer
 * coordinates (like sharp and OpenCV), so an image keeps its position when scaled.
 */

/**
 * src: [count, rows, cols] grey bytes. Returns [count, size, size, 3] RGB with R = G = B.
 * `indices` picks which source images to convert, in that order (default: all).
 */
export function greyToRgb(src: Uint8Array, rows: number, cols: number, size: number, indices?: ArrayLike<number>): Uint8Array {
  const count = indices ? indices.length : src.length / (rows * cols)
  const out = new Uint8Array(count * size * size * 3)
  const plane = rows * cols

  // Per output column/row: the two source columns/rows and the weight of the second.
  const axis = (from: number) => {
    const lo = new Int32Array(size)
    const hi = new Int32Array(size)
    const w = new Float32Array(size)
    const scale = from / size
    for (let o = 0; o < size; o++) {
      const s = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), from - 1)
      lo[o] = Math.floor(s)
      hi[o] = Math.min(lo[o] + 1, from - 1)
      w[o] = s - lo[o]
    }
    return { lo, hi, w }
  }
  const xs = axis(cols)
  const ys = axis(rows)

  for (let n = 0; n < count; n++) {
    const base = (indices ? indices[n] : n) * plane
    let p = n * size * size * 3
    for (let y = 0; y < size; y++) {
      const r0 = base + ys.lo[y] * cols
      const r1 = base + ys.hi[y] * cols
      const wy = ys.w[y]
      for (let x = 0; x < size; x++) {
        const x0 = xs.lo[x]
        const x1 = xs.hi[x]
        const wx = xs.w[x]
        const top = src[r0 + x0] + (src[r0 + x1] - src[r0 + x0]) * wx
        const bottom = src[r1 + x0] + (src[r1 + x1] - src[r1 + x0]) * wx
        const value = Math.round(top + (bottom - top) * wy)
        out[p++] = value
        out[p++] = value
        out[p++] = value
      }
    }
  }
  return out
}
