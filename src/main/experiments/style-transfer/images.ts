/**
 * The content and style images: a file decoded with sharp, or a built-in example (examples.ts),
 * as RGB bytes at the run's size. The longer side becomes `size`; the aspect ratio is kept, so the
 * result has the content image's shape.
 *
 * Refused with a message naming the file: missing, empty or a folder; not an image; larger than
 * MAX_INPUT_PIXELS; animated (several frames: which one would be meant?).
 */
import { stat } from 'node:fs/promises'
import sharp from 'sharp'
import { ALPHA_BACKGROUND } from '../../datasets/decode'
import { drawExample, EXAMPLE_ASPECT, isExample } from './examples'

/** 50 megapixels: a large camera photo passes, a decompression bomb does not. */
export const MAX_INPUT_PIXELS = 50_000_000

export interface RgbImage {
  /** [height, width, 3] RGB bytes. */
  data: Uint8Array
  width: number
  height: number
}

/** The size an image of `width` x `height` gets when its longer side becomes `size`. */
export function fitLongSide(width: number, height: number, size: number): { width: number; height: number } {
  const scale = size / Math.max(width, height)
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export class StyleImageError extends Error {
  override readonly name = 'StyleImageError'
}

/**
 * Reads one input image.
 * @param role 'content' or 'style', for the message
 * @param source a path, or example:<name>
 */
export async function readInputImage(source: string, role: 'content' | 'style', size: number): Promise<RgbImage> {
  if (isExample(source)) {
    const { width, height } = fitLongSide(Math.round(EXAMPLE_ASPECT * 300), 300, size)
    return { data: drawExample(source, width, height), width, height }
  }
  const fail = (why: string): never => {
    throw new StyleImageError(`the ${role} image ${source} ${why}`)
  }
  let info
  try {
    info = await stat(source)
  } catch (error) {
    return fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(error as Error).message}`)
  }
  if (info.isDirectory()) fail('is a folder, not an image file')
  if (!info.isFile()) fail('is not a regular file')
  if (info.size === 0) fail('is empty (0 bytes)')
  let meta
  try {
    meta = await sharp(source, { limitInputPixels: false }).metadata()
  } catch (error) {
    return fail(`is not a readable image: ${(error as Error).message}`)
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0
  const height = meta.autoOrient?.height ?? meta.height ?? 0
  if (!width || !height) fail(`is not a readable image: no dimensions in its ${meta.format ?? ''} header`)
  if ((meta.pages ?? 1) > 1) fail(`is animated (${meta.pages} frames); use a still image`)
  if (width * height > MAX_INPUT_PIXELS) fail(`is ${width}x${height} (${(width * height / 1e6).toFixed(0)} megapixels), over the ${MAX_INPUT_PIXELS / 1e6}-megapixel limit`)
  const out = fitLongSide(width, height, size)
  try {
    const { data, info: decoded } = await sharp(source, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .flatten({ background: ALPHA_BACKGROUND })
      .resize(out.width, out.height, { fit: 'fill' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (decoded.channels !== 3 || decoded.width !== out.width || decoded.height !== out.height) fail(`decoded to ${decoded.width}x${decoded.height}x${decoded.channels}, not ${out.width}x${out.height}x3`)
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), ...out }
  } catch (error) {
    if (error instanceof StyleImageError) throw error
    return fail(`is not a readable image: ${(error as Error).message}`)
  }
}

/** A PNG of an [h, w, 3] RGB image, for the run's image outputs. */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer()
}
