/**
 * Training batches and validation crops from decoded photos. Pure: arrays in, arrays out; the
 * randomness is a seeded generator, so step s of a run always sees the same crops (a resumed run
 * sees what an uninterrupted one would).
 */
import { mulberry32, randomInt } from '../../../shared/random'
import { downscale, resizeBicubic, type FloatImage } from './bicubic'
import { SCALE } from './model'

/** A photo as RGB bytes (photos.ts). */
export interface RgbPhoto {
  width: number
  height: number
  rgb: Uint8Array
}

export interface PatchBatch {
  /** [batch, hr, hr, 3] in [0, 1]. */
  hr: Float32Array
  /** [batch, hr / 4, hr / 4, 3] in [0, 1]: bicubic (antialiased) 4x downscaling of hr. */
  lr: Float32Array
  batch: number
  hrSide: number
}

/** The side x side crop at (x, y) as floats in [0, 1], turned `turns` quarter turns and mirrored when `flip`. */
export function cropPatch(photo: RgbPhoto, x: number, y: number, side: number, turns = 0, flip = false): FloatImage {
  const data = new Float32Array(side * side * 3)
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      // Destination (r, c) reads source (sr, sc) of the crop.
      let sr = r
      let sc = flip ? side - 1 - c : c
      for (let t = 0; t < turns; t++) [sr, sc] = [side - 1 - sc, sr]
      const src = ((y + sr) * photo.width + (x + sc)) * 3
      const dst = (r * side + c) * 3
      data[dst] = photo.rgb[src] / 255
      data[dst + 1] = photo.rgb[src + 1] / 255
      data[dst + 2] = photo.rgb[src + 2] / 255
    }
  }
  return { width: side, height: side, channels: 3, data }
}

/** The batch of training step `step` (from 0): random photos, positions and (with augment) flips and turns. */
export function trainingBatch(photos: readonly RgbPhoto[], o: { seed: number; step: number; batch: number; hrPatch: number; augment: boolean }): PatchBatch {
  const rng = mulberry32((o.seed * 1_000_003 + o.step * 7919 + 17) >>> 0)
  const side = o.hrPatch
  const lrSide = side / SCALE
  const hr = new Float32Array(o.batch * side * side * 3)
  const lr = new Float32Array(o.batch * lrSide * lrSide * 3)
  for (let b = 0; b < o.batch; b++) {
    const photo = photos[randomInt(rng, photos.length)]
    const x = randomInt(rng, photo.width - side + 1)
    const y = randomInt(rng, photo.height - side + 1)
    const turns = o.augment ? randomInt(rng, 4) : 0
    const flip = o.augment ? randomInt(rng, 2) === 1 : false
    const patch = cropPatch(photo, x, y, side, turns, flip)
    hr.set(patch.data, b * side * side * 3)
    lr.set(downscale(patch, SCALE).data, b * lrSide * lrSide * 3)
  }
  return { hr, lr, batch: o.batch, hrSide: side }
}

/** A validation case: the centre crop of a held-out photo, its LR and the bicubic upscaling of that LR. */
export interface ValidationCrop {
  name: string
  hr: FloatImage
  lr: FloatImage
  bicubic: FloatImage
}

/** The centre crop of at most `side` px per side, both sides multiples of the scale. */
export function validationCrop(photo: RgbPhoto & { name: string }, side: number): ValidationCrop {
  const w = Math.floor(Math.min(side, photo.width) / SCALE) * SCALE
  const h = Math.floor(Math.min(side, photo.height) / SCALE) * SCALE
  const x0 = Math.floor((photo.width - w) / 2)
  const y0 = Math.floor((photo.height - h) / 2)
  const data = new Float32Array(w * h * 3)
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const src = ((y0 + r) * photo.width + x0 + c) * 3
      for (let k = 0; k < 3; k++) data[(r * w + c) * 3 + k] = photo.rgb[src + k] / 255
    }
  }
  const hr: FloatImage = { width: w, height: h, channels: 3, data }
  const lr = downscale(hr, SCALE)
  return { name: photo.name, hr, lr, bicubic: resizeBicubic(lr, w, h) }
}

/** Values clipped to [0, 1] (the generator's output is unbounded). */
export function clip01(image: FloatImage): FloatImage {
  return { ...image, data: image.data.map((v) => (v < 0 ? 0 : v > 1 ? 1 : v)) }
}

/** Nearest-neighbour enlargement: how an LR image looks at the HR size, pixel for pixel. */
export function enlargeNearest(image: FloatImage, scale: number): FloatImage {
  const { width, height, channels: ch } = image
  const out = new Float32Array(width * scale * height * scale * ch)
  for (let r = 0; r < height * scale; r++) {
    for (let c = 0; c < width * scale; c++) {
      const src = (Math.floor(r / scale) * width + Math.floor(c / scale)) * ch
      for (let k = 0; k < ch; k++) out[(r * width * scale + c) * ch + k] = image.data[src + k]
    }
  }
  return { width: width * scale, height: height * scale, channels: ch, data: out }
}

/** The centre `side` x `side` region (or less, when the image is smaller). */
export function centre(image: FloatImage, side: number): FloatImage {
  const w = Math.min(side, image.width)
  const h = Math.min(side, image.height)
  const x0 = Math.floor((image.width - w) / 2)
  const y0 = Math.floor((image.height - h) / 2)
  const ch = image.channels
  const data = new Float32Array(w * h * ch)
  for (let r = 0; r < h; r++) data.set(image.data.subarray(((y0 + r) * image.width + x0) * ch, ((y0 + r) * image.width + x0 + w) * ch), r * w * ch)
  return { width: w, height: h, channels: ch, data }
}

/** Images side by side (tops aligned, a 4 px white gap), as one image. */
export function sideBySide(images: readonly FloatImage[], gap = 4): FloatImage {
  const ch = images[0].channels
  const width = images.reduce((s, im) => s + im.width, 0) + gap * (images.length - 1)
  const height = Math.max(...images.map((im) => im.height))
  const data = new Float32Array(width * height * ch).fill(1)
  let x0 = 0
  for (const im of images) {
    for (let r = 0; r < im.height; r++) data.set(im.data.subarray(r * im.width * ch, (r + 1) * im.width * ch), (r * width + x0) * ch)
    x0 += im.width + gap
  }
  return { width, height, channels: ch, data }
}
