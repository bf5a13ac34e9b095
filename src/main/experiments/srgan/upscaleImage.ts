/**
 * Upscaling one image file or buffer 4x with an Upscaler: decoded with sharp (EXIF orientation;
 * grey, palette, CMYK and 16-bit inputs turned into sRGB, 16-bit kept as 16-bit), RGB through
 * the generator by tiles, alpha (if any) by bicubic interpolation, written as PNG. A bicubic
 * upscaling of the same image comes along for comparison.
 *
 * Refused with a one-line reason: empty, unreadable or animated files, and inputs over
 * MAX_UPSCALE_PIXELS (the 4x result must fit in memory: 16 times the pixels).
 */
import sharp from 'sharp'
import { resizeBicubic, type FloatImage } from './bicubic'
import { SCALE } from './model'
import type { Upscaler } from './upscaleRun'

/** 2 megapixels in, 32 out: the float result (12 bytes a pixel with alpha 16) stays under 512 MB. */
export const MAX_UPSCALE_PIXELS = 2_000_000

export class UpscaleInputError extends Error {
  override readonly name = 'UpscaleInputError'
}

export interface DecodedInput {
  rgb: FloatImage
  /** One channel in [0, 1], or null when the image has none. */
  alpha: FloatImage | null
  sixteenBit: boolean
  format: string
}

export async function decodeForUpscale(input: Uint8Array | string): Promise<DecodedInput> {
  if (typeof input !== 'string' && input.length === 0) throw new UpscaleInputError('empty file (0 bytes)')
  const source = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.length)
  let meta
  try {
    meta = await sharp(source, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw new UpscaleInputError(`not a readable image: ${(error as Error).message}`)
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0
  const height = meta.autoOrient?.height ?? meta.height ?? 0
  if (!width || !height) throw new UpscaleInputError('not a readable image: no dimensions in its header')
  if ((meta.pages ?? 1) > 1) throw new UpscaleInputError(`animated or multi-page (${meta.pages} frames); give a still image`)
  if (width * height > MAX_UPSCALE_PIXELS) {
    throw new UpscaleInputError(`${width}x${height} (${((width * height) / 1e6).toFixed(1)} MP) is over the ${MAX_UPSCALE_PIXELS / 1e6} MP limit: its 4x result (${((16 * width * height) / 1e6).toFixed(0)} MP) would not fit in memory; crop or shrink it first`)
  }
  const sixteenBit = meta.depth === 'ushort'
  const hasAlpha = Boolean(meta.hasAlpha)
  let raw
  try {
    let pipeline = sharp(source, { failOn: 'truncated', limitInputPixels: MAX_UPSCALE_PIXELS }).autoOrient().toColourspace(sixteenBit ? 'rgb16' : 'srgb')
    pipeline = hasAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha()
    raw = await pipeline.raw({ depth: sixteenBit ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw new UpscaleInputError(`not a readable image: ${(error as Error).message}`)
  }
  const { info } = raw
  const channels = info.channels
  if (channels !== (hasAlpha ? 4 : 3)) throw new UpscaleInputError(`decoded to ${channels} channels, not ${hasAlpha ? 'RGBA' : 'RGB'}`)
  const values = sixteenBit ? new Uint16Array(raw.data.buffer, raw.data.byteOffset, raw.data.length / 2) : new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length)
  const max = sixteenBit ? 65535 : 255
  const n = info.width * info.height
  const rgb = new Float32Array(n * 3)
  const alpha = hasAlpha ? new Float32Array(n) : null
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < 3; k++) rgb[p * 3 + k] = values[p * channels + k] / max
    if (alpha) alpha[p] = values[p * channels + 3] / max
  }
  return {
    rgb: { width: info.width, height: info.height, channels: 3, data: rgb },
    alpha: alpha ? { width: info.width, height: info.height, channels: 1, data: alpha } : null,
    sixteenBit,
    format: meta.format ?? 'unknown',
  }
}

/** RGB (+ alpha) floats as PNG, 8 or 16 bits per channel. */
export async function encodeResult(rgb: FloatImage, alpha: FloatImage | null, sixteenBit: boolean): Promise<Buffer> {
  const channels = alpha ? 4 : 3
  const n = rgb.width * rgb.height
  const max = sixteenBit ? 65535 : 255
  const out = sixteenBit ? new Uint16Array(n * channels) : new Uint8Array(n * channels)
  const q = (v: number) => Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * max)
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < 3; k++) out[p * channels + k] = q(rgb.data[p * 3 + k])
    if (alpha) out[p * channels + 3] = q(alpha.data[p])
  }
  const bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength)
  const image = sharp(bytes, { raw: { width: rgb.width, height: rgb.height, channels: channels as 3 | 4, ...(sixteenBit ? { premultiplied: false } : {}) }, limitInputPixels: false })
  return sixteenBit ? image.toColourspace('rgb16').png().toBuffer() : image.png().toBuffer()
}

export interface UpscaleResult {
  width: number
  height: number
  outWidth: number
  outHeight: number
  hasAlpha: boolean
  sixteenBit: boolean
  /** The 4x result as PNG. */
  png: Buffer
  /** Bicubic 4x of the same image as PNG (for comparison), when asked for. */
  bicubicPng?: Buffer
}

/** The 4x result of one image (a path or its bytes). */
export async function upscaleImage(upscaler: Upscaler, input: Uint8Array | string, o: { bicubic?: boolean } = {}): Promise<UpscaleResult> {
  const decoded = await decodeForUpscale(input)
  const { rgb, alpha } = decoded
  const sr = await upscaler.upscale(rgb)
  const alphaUp = alpha ? resizeBicubic(alpha, alpha.width * SCALE, alpha.height * SCALE) : null
  const png = await encodeResult(sr, alphaUp, decoded.sixteenBit)
  const bicubicPng = o.bicubic ? await encodeResult(resizeBicubic(rgb, rgb.width * SCALE, rgb.height * SCALE), alphaUp, decoded.sixteenBit) : undefined
  return { width: rgb.width, height: rgb.height, outWidth: sr.width, outHeight: sr.height, hasAlpha: alpha !== null, sixteenBit: decoded.sixteenBit, png, bicubicPng }
}
