/**
 * Synthetic image-classification data: one filled shape per image on a noisy background.
 * Pure and deterministic: the same options give the same bytes on every machine, which is what
 * lets a run record only the generator settings and seed.
 */
import { mulberry32, permutation, randomInt, type Rng } from '../../shared/random.js'
import { SHAPE_NAMES, insideTest } from './shapeGeometry.js'

export interface ShapesOptions {
  /** Number of images. */
  count: number
  /** Side of the square images in pixels, >= 8. */
  size: number
  /** Number of classes, 2..SHAPE_NAMES.length; the first `classes` names are used. */
  classes: number
  seed: number
  /** Per-channel noise amplitude as a fraction of 255, 0..1 (default 0.12). */
  noise?: number
}

export interface ShapesData {
  /** [count, size, size, 3] RGB, row-major (NHWC). */
  images: Uint8Array
  /** [count], values 0..classes-1; each class appears floor or ceil of count/classes times. */
  labels: Int32Array
  classNames: string[]
}

export const MIN_SHAPES_SIZE = 8
export const DEFAULT_SHAPES_NOISE = 0.12

// Shape bounding square as a fraction of the image side.
const MIN_EXTENT = 0.35
const MAX_EXTENT = 0.8
// Minimum luminance gap between background and shape (0..255): keeps every image learnable
// even with the noise added on top.
const MIN_CONTRAST = 90

type Rgb = [number, number, number]

function luminance(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
}

function randomColour(rng: Rng): Rgb {
  return [randomInt(rng, 256), randomInt(rng, 256), randomInt(rng, 256)]
}

/** A shape colour far enough from the background; falls back to black or white. */
function contrastingColour(rng: Rng, background: Rgb): Rgb {
  const lb = luminance(background)
  for (let attempt = 0; attempt < 16; attempt++) {
    const c = randomColour(rng)
    if (Math.abs(luminance(c) - lb) >= MIN_CONTRAST) return c
  }
  return lb < 128 ? [255, 255, 255] : [0, 0, 0]
}

function validate(o: ShapesOptions): void {
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`shapes: ${name} must be an integer in ${min}..${max}, got ${v}`)
    }
  }
  int('count', o.count, 0)
  int('size', o.size, MIN_SHAPES_SIZE, 4096)
  int('classes', o.classes, 2, SHAPE_NAMES.length)
  const noise = o.noise ?? DEFAULT_SHAPES_NOISE
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`shapes: noise must be in 0..1, got ${noise}`)
}

export function generateShapes(options: ShapesOptions): ShapesData {
  validate(options)
  const { count, size, classes, seed } = options
  const amplitude = Math.round((options.noise ?? DEFAULT_SHAPES_NOISE) * 255)
  const rng = mulberry32(seed)

  // Balanced labels: i % classes, then shuffled.
  const order = permutation(rng, count)
  const labels = new Int32Array(count)
  for (let i = 0; i < count; i++) labels[order[i]] = i % classes

  const images = new Uint8Array(count * size * size * 3)
  for (let n = 0; n < count; n++) {
    const inside = insideTest(SHAPE_NAMES[labels[n]])
    const background = randomColour(rng)
    const colour = contrastingColour(rng, background)
    const extent = (MIN_EXTENT + rng() * (MAX_EXTENT - MIN_EXTENT)) * size
    const r = extent / 2
    // Centre chosen so the bounding square [c - r, c + r] stays within [0, size].
    const cx = r + rng() * (size - extent)
    const cy = r + rng() * (size - extent)
    const base = n * size * size * 3
    for (let y = 0; y < size; y++) {
      const v = (y + 0.5 - cy) / r
      for (let x = 0; x < size; x++) {
        const u = (x + 0.5 - cx) / r
        const c = u >= -1 && u <= 1 && v >= -1 && v <= 1 && inside(u, v) ? colour : background
        const p = base + (y * size + x) * 3
        for (let ch = 0; ch < 3; ch++) {
          const value = c[ch] + (amplitude ? randomInt(rng, 2 * amplitude + 1) - amplitude : 0)
          images[p + ch] = value < 0 ? 0 : value > 255 ? 255 : value
        }
      }
    }
  }
  return { images, labels, classNames: SHAPE_NAMES.slice(0, classes) }
}
