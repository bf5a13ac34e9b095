/**
 * Upscaling an image of any size in bounded memory: the low-resolution image is cut into tiles,
 * each run through the network with `margin` pixels of real context on every side that has a
 * neighbour, and only the tile's own part of the result is kept. With a margin at least the
 * network's receptive radius the stitched result equals the whole-image result (a fully
 * convolutional network in inference mode sees exactly the same pixels). Pure: the network is a
 * callback.
 */
import type { FloatImage } from './bicubic'

export interface Tile {
  /** The tile's own region in the input: [x, y) to [x + width, y + height). */
  x: number
  y: number
  width: number
  height: number
  /** The region the network sees: the tile plus up to `margin` pixels of context, clipped to the image. */
  contextX: number
  contextY: number
  contextWidth: number
  contextHeight: number
}

/** Tiles of at most `tile` x `tile` input pixels covering a width x height image, row by row. */
export function planTiles(width: number, height: number, tile: number, margin: number): Tile[] {
  if (!(Number.isInteger(tile) && tile >= 1)) throw new Error(`the tile side must be a whole number >= 1, got ${tile}`)
  if (!(Number.isInteger(margin) && margin >= 0)) throw new Error(`the tile margin must be a whole number >= 0, got ${margin}`)
  const tiles: Tile[] = []
  for (let y = 0; y < height; y += tile) {
    for (let x = 0; x < width; x += tile) {
      const w = Math.min(tile, width - x)
      const h = Math.min(tile, height - y)
      const cx = Math.max(0, x - margin)
      const cy = Math.max(0, y - margin)
      tiles.push({
        x, y, width: w, height: h,
        contextX: cx, contextY: cy,
        contextWidth: Math.min(width, x + w + margin) - cx,
        contextHeight: Math.min(height, y + h + margin) - cy,
      })
    }
  }
  return tiles
}

/**
 * The generator's receptive radius in input pixels, for the SRResNet of `blocks` residual blocks:
 * the 9x9 head (4), two 3x3 convolutions per block (2 each), the 3x3 after the blocks and the first
 * upsampler's 3x3 (1 each), the second upsampler's 3x3 at twice the size and the 9x9 tail at four
 * times (1/2 + 1, rounded up).
 */
export function receptiveRadius(blocks: number): number {
  return 4 + 2 * blocks + 1 + 1 + 1 + 1
}

function crop(image: FloatImage, x: number, y: number, width: number, height: number): FloatImage {
  const { channels: ch } = image
  const data = new Float32Array(width * height * ch)
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * ch
    data.set(image.data.subarray(from, from + width * ch), row * width * ch)
  }
  return { width, height, channels: ch, data }
}

/**
 * `run` maps a w x h image to a (scale w) x (scale h) one. Tiles go through it one at a time, so
 * peak memory is that of one (tile + 2 margin)-sided input, whatever the image's size.
 */
export async function upscaleTiled(
  image: FloatImage,
  scale: number,
  tile: number,
  margin: number,
  run: (patch: FloatImage) => FloatImage | Promise<FloatImage>,
  onTile?: (done: number, total: number) => void,
): Promise<FloatImage> {
  const { channels: ch } = image
  const out: FloatImage = { width: image.width * scale, height: image.height * scale, channels: ch, data: new Float32Array(image.width * image.height * scale * scale * ch) }
  const tiles = planTiles(image.width, image.height, tile, margin)
  for (const [i, t] of tiles.entries()) {
    const result = await run(crop(image, t.contextX, t.contextY, t.contextWidth, t.contextHeight))
    if (result.width !== t.contextWidth * scale || result.height !== t.contextHeight * scale || result.channels !== ch) {
      throw new Error(`the network turned a ${t.contextWidth}x${t.contextHeight} tile into ${result.width}x${result.height}x${result.channels}, not x${scale}`)
    }
    // The tile's own part of the result, without the context.
    const offX = (t.x - t.contextX) * scale
    const offY = (t.y - t.contextY) * scale
    for (let row = 0; row < t.height * scale; row++) {
      const from = ((offY + row) * result.width + offX) * ch
      out.data.set(result.data.subarray(from, from + t.width * scale * ch), ((t.y * scale + row) * out.width + t.x * scale) * ch)
    }
    onTile?.(i + 1, tiles.length)
  }
  return out
}
