/**
 * Images uploaded for `image-file` fields (New run's drop zones): checked from their header
 * (a still image sharp can read, at most MAX_INPUT_IMAGE_PIXELS) and stored under
 * `<home>/inputs/<hash>.<format>`, named by their content, so the same bytes give the same path
 * and a run's params.json points at a file that never changes. Errors name the file.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { DetectImage, InputImage } from '../../shared/api'
import { MAX_INPUT_IMAGE_PIXELS } from '../../shared/api'
import { loadSharp } from '../datasets/sharp'
import { decodeBase64Image } from '../inference/base64'
import { writeFileAtomic } from '../store/atomicFile'

export class InputImageError extends Error {
  override readonly name = 'InputImageError'
}

/** Formats sharp reads that are worth storing under their own extension. */
const EXTENSIONS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tif', avif: 'avif', heif: 'heif' }

export async function storeInputImage(home: string, image: DetectImage): Promise<InputImage> {
  const fail = (why: string): never => {
    throw new InputImageError(`${image.name}: ${why}`)
  }
  const bytes = decodeBase64Image(image.dataBase64)
  if (bytes.length === 0) fail('empty file (0 bytes)')
  const sharp = await loadSharp()
  let meta
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (error) {
    return fail(`not a readable image: ${(error as Error).message}`)
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0
  const height = meta.autoOrient?.height ?? meta.height ?? 0
  if (!width || !height) fail(`not a readable image: no dimensions in its ${meta.format ?? ''} header`)
  if ((meta.pages ?? 1) > 1) fail(`animated (${meta.pages} frames); use a still image`)
  if (width * height > MAX_INPUT_IMAGE_PIXELS) {
    fail(`image too large: ${width}x${height} pixels (${Math.round((width * height) / 1e6)} megapixels); the limit is ${MAX_INPUT_IMAGE_PIXELS / 1e6} megapixels`)
  }
  const extension = EXTENSIONS[meta.format ?? ''] ?? fail(`not a supported image format (${meta.format}); use PNG, JPEG or WebP`)
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32)
  const dir = path.join(home, 'inputs')
  const file = path.join(dir, `${hash}.${extension}`)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    writeFileAtomic(file, bytes)
  }
  return { path: file, name: image.name, width, height, format: meta.format!, bytes: bytes.length }
}
