/**
 * Reads images for the detector with sharp: any format sharp reads, EXIF orientation applied,
 * grey / palette / 16-bit / CMYK converted to 8-bit sRGB, transparency flattened onto white
 * (as the dataset decoder does, src/main/datasets/decode.ts).
 *
 * Only the resized raster ever reaches JavaScript: sharp shrinks while it decodes (JPEG
 * shrink-on-load, streaming for other formats), so an 8000x8000 photo costs a few MB, not
 * 192 MB. Images over MAX_INPUT_PIXELS (100 MP) are refused from their header, before any
 * decoding, and sharp's own guard is set to the same limit as a backstop.
 */
import { stat } from 'node:fs/promises'
import sharp from 'sharp'
import { ALPHA_BACKGROUND, MAX_INPUT_PIXELS, tooManyPixelsMessage } from '../datasets/decode'
import type { InputTransform } from './decode'

/** A file that cannot be read as an image; the message says why, for the per-file error. */
export class ImageReadError extends Error {
  override readonly name = 'ImageReadError'
}

/** How the image becomes a square input: stretched (what @vladmandic/human does) or letterboxed. */
export type FitMode = 'stretch' | 'letterbox'

/** Grey of the letterbox padding. */
export const LETTERBOX_FILL = 114

export interface PreparedImage {
  /** [size, size, 3] 8-bit RGB. */
  pixels: Uint8Array
  size: number
  /** Original size, after EXIF orientation. */
  width: number
  height: number
  /** Input pixels back to original pixels. */
  transform: InputTransform
}

export type ImageSource = string | Uint8Array

/** Fails early, with a plain reason, on what is not a readable regular file. */
async function checkFile(source: ImageSource): Promise<void> {
  if (typeof source !== 'string') {
    if (source.length === 0) throw new ImageReadError('empty file (0 bytes)')
    return
  }
  let info
  try {
    info = await stat(source)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ImageReadError(code === 'ENOENT' ? 'no such file' : `cannot read the file: ${(error as Error).message}`)
  }
  if (info.isDirectory()) throw new ImageReadError('is a folder, not an image file')
  if (!info.isFile()) throw new ImageReadError('not a regular file')
  if (info.size === 0) throw new ImageReadError('empty file (0 bytes)')
}

function open(source: ImageSource): sharp.Sharp {
  // failOn 'truncated': a cut-off file is an error, harmless warnings are not (as in datasets/decode.ts).
  return sharp(source, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
}

/** The image's size after EXIF orientation, from its header only. */
export async function imageSize(source: ImageSource): Promise<{ width: number; height: number; format: string }> {
  await checkFile(source)
  let meta
  try {
    // The header only (no pixels decoded), read without sharp's limit so an oversized image gets its size in the message.
    meta = await sharp(source, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw new ImageReadError(`not a readable image: ${(error as Error).message}`)
  }
  const width = meta.autoOrient?.width ?? meta.width
  const height = meta.autoOrient?.height ?? meta.height
  if (!width || !height) throw new ImageReadError(`not a readable image: no dimensions in its ${meta.format ?? ''} header`)
  if (width * height > MAX_INPUT_PIXELS) throw new ImageReadError(tooManyPixelsMessage(width, height))
  return { width, height, format: meta.format ?? 'unknown' }
}

function rgbPipeline(source: ImageSource): sharp.Sharp {
  return open(source).autoOrient().flatten({ background: ALPHA_BACKGROUND })
}

async function toRgb(pipeline: sharp.Sharp, width: number, height: number): Promise<Uint8Array> {
  let result
  try {
    result = await pipeline.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw new ImageReadError(`not a readable image: ${(error as Error).message}`)
  }
  const { data, info } = result
  if (info.channels !== 3 || info.width !== width || info.height !== height) {
    throw new ImageReadError(`not a readable image: decoded to ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x3`)
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

/** Decodes and resizes an image to the model's square input. */
export async function prepareImage(source: ImageSource, size: number, fit: FitMode = 'stretch'): Promise<PreparedImage> {
  const { width, height } = await imageSize(source)
  if (fit === 'stretch') {
    const pixels = await toRgb(rgbPipeline(source).resize(size, size, { fit: 'fill' }), size, size)
    return { pixels, size, width, height, transform: { scaleX: width / size, scaleY: height / size, padX: 0, padY: 0, width, height } }
  }
  // Letterbox: the longer side becomes `size`, the image sits at the top left, grey fills the rest.
  const scale = Math.max(width, height) / size
  const innerW = Math.max(1, Math.min(size, Math.round(width / scale)))
  const innerH = Math.max(1, Math.min(size, Math.round(height / scale)))
  const fill = { r: LETTERBOX_FILL, g: LETTERBOX_FILL, b: LETTERBOX_FILL, alpha: 1 }
  const pipeline = rgbPipeline(source)
    .resize(innerW, innerH, { fit: 'fill' })
    .extend({ top: 0, left: 0, right: size - innerW, bottom: size - innerH, background: fill })
  const pixels = await toRgb(pipeline, size, size)
  return {
    pixels,
    size,
    width,
    height,
    transform: { scaleX: width / innerW, scaleY: height / innerH, padX: 0, padY: 0, width, height },
  }
}

export interface RgbImage {
  data: Uint8Array
  width: number
  height: number
  /** Output pixels per original pixel (1 unless the image was shrunk to `maxSide`). */
  scale: number
}

/** The whole image as 8-bit RGB, shrunk so its longer side is at most `maxSide`. */
export async function readRgb(source: ImageSource, maxSide: number): Promise<RgbImage> {
  const { width, height } = await imageSize(source)
  const scale = Math.min(1, maxSide / Math.max(width, height))
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  let pipeline = rgbPipeline(source)
  if (w !== width || h !== height) pipeline = pipeline.resize(w, h, { fit: 'fill' })
  const data = await toRgb(pipeline, w, h)
  return { data, width: w, height: h, scale: w / width }
}
