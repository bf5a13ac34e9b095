/**
 * Decodes image files with sharp into RGB pixels of a fixed size.
 *
 * Every image becomes [size, size, 3] 8-bit sRGB, whatever it was: grey, palette, 16-bit and
 * CMYK images are converted, EXIF orientation is applied, and transparency is flattened onto
 * WHITE (transparent PNG icons and cut-outs look like they do in a viewer). The resize ignores
 * the aspect ratio (`fit: 'fill'`) with a linear kernel.
 */
import { readFile } from 'node:fs/promises'
import { loadSharp } from './sharp.js'
import { sha256 } from './fingerprint.js'
import { mapLimit } from './mapLimit.js'

export const ALPHA_BACKGROUND = '#ffffff'
export const DECODE_CONCURRENCY = 3
/** Changes whenever decoding changes its output, so cached pixels from older code are not reused. */
export const DECODER_VERSION = 'sharp-fill-linear-white-v1'

/**
 * Most pixels an image may have to be decoded (100 megapixels, e.g. 10000x10000): a small
 * compressed file can declare a huge raster (a decompression bomb), and sharp's own default
 * (268 MP) would still let one image take ~800 MB. Detection and prediction use the same limit.
 */
export const MAX_INPUT_PIXELS = 100_000_000

/** The message for an image over MAX_INPUT_PIXELS. */
export function tooManyPixelsMessage(width: number, height: number): string {
  const mp = (width * height) / 1e6
  return `image too large: ${width}x${height} pixels (${mp >= 10 ? Math.round(mp) : mp.toFixed(1)} megapixels); the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels`
}

/** Whether a sharp error is its pixel-limit refusal. */
export function isPixelLimitError(error: unknown): boolean {
  return /exceeds pixel limit/i.test((error as Error)?.message ?? '')
}

/** The pixel-limit message for `input`, with its size read from the header (header only, no decode). */
async function pixelLimitReason(input: string | Uint8Array): Promise<string> {
  const meta = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => null)
  return meta?.width && meta.height ? tooManyPixelsMessage(meta.width, meta.height) : `image too large: more than ${MAX_INPUT_PIXELS / 1e6} megapixels`
}

/** A file that cannot be decoded; `message` is the reason shown in the skipped list. */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError'
}

/** Decodes one image (a path or its bytes) to [size, size, 3] RGB bytes. */
export async function decodeImage(input: string | Uint8Array, size: number): Promise<Uint8Array> {
  if (typeof input !== 'string' && input.length === 0) throw new ImageDecodeError('empty file (0 bytes)')
  const sharp = await loadSharp()
  let result
  try {
    // failOn 'truncated': a cut-off file is rejected, while the harmless warnings common in
    // photo collections ("extraneous bytes before marker") are not.
    result = await sharp(input, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .flatten({ background: ALPHA_BACKGROUND })
      .resize(size, size, { fit: 'fill', kernel: 'linear' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    if (isPixelLimitError(error)) throw new ImageDecodeError(await pixelLimitReason(input))
    throw new ImageDecodeError(`not a readable image: ${(error as Error).message}`)
  }
  const { data, info } = result
  if (info.channels !== 3 || data.length !== size * size * 3) {
    throw new ImageDecodeError(`not a readable image: decoded to ${info.width}x${info.height}x${info.channels}`)
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

/** Why `bytes` cannot be an image, judged from its header only (fast); null when it looks fine. */
export async function probeImage(bytes: Uint8Array): Promise<string | null> {
  if (bytes.length === 0) return 'empty file (0 bytes)'
  const sharp = await loadSharp()
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata()
    if (!meta.width || !meta.height) return 'not a readable image: no dimensions in its header'
    return meta.width * meta.height > MAX_INPUT_PIXELS ? tooManyPixelsMessage(meta.width, meta.height) : null
  } catch (error) {
    return `not a readable image: ${(error as Error).message}`
  }
}

export interface DecodedFiles {
  /** [files.length, size, size, 3] RGB; rows of files that failed stay zero. */
  pixels: Uint8Array
  /** sha256 of each file's bytes (read once for both), null where reading failed. */
  digests: Array<Buffer | null>
  /** Why each file failed, null where it decoded. */
  errors: Array<string | null>
}

export interface DecodeOptions {
  concurrency?: number
  onProgress?: (done: number, total: number) => void
}

/** Decodes many files with limited concurrency; a bad file is recorded, never thrown. */
export async function decodeFiles(files: readonly string[], size: number, options: DecodeOptions = {}): Promise<DecodedFiles> {
  const rowBytes = size * size * 3
  const pixels = new Uint8Array(files.length * rowBytes)
  const digests: Array<Buffer | null> = new Array(files.length).fill(null)
  const errors: Array<string | null> = new Array(files.length).fill(null)
  await mapLimit(
    files,
    options.concurrency ?? DECODE_CONCURRENCY,
    async (file, index) => {
      try {
        const bytes = await readFile(file)
        digests[index] = sha256(bytes)
        pixels.set(await decodeImage(bytes, size), index * rowBytes)
      } catch (error) {
        errors[index] = error instanceof ImageDecodeError ? error.message : `cannot read the file: ${(error as Error).message}`
      }
    },
    (done) => options.onProgress?.(done, files.length),
  )
  return { pixels, digests, errors }
}
