/**
 * Images a trainer writes at chosen steps (`images` outputs): `artifacts/images/<series>-<step>.png`
 * and one line per image in `artifacts/images/index.jsonl` (file, series, caption, step, epoch,
 * time, width, height), so a person can read the index with `cat` and open the PNGs directly.
 *
 * Run folders are not trusted: a file is served only if the index names it, its name is plain,
 * it is a regular file (no symlink out of the run), no larger than MAX_IMAGE_BYTES and a PNG.
 */
import { appendFileSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ImageRecord } from '../../shared/api'
import { writeFileAtomic } from './atomicFile'
import { errorCode, RunStoreError } from './errors'
import { readOpenFile } from './runFiles'

/** The largest image the store reads back (a 4096 x 4096 RGBA PNG is at most ~64 MiB; ours are far smaller). */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024
const SERIES = /^[A-Za-z0-9_-]{1,48}$/
const FILE = /^[A-Za-z0-9_-]{1,48}-\d{8}\.png$/
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
export const IMAGES_DIR = 'images'
const INDEX = 'index.jsonl'

/** Width and height from a PNG's IHDR chunk, or null if `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

export function imageFileName(series: string, step: number): string {
  if (!SERIES.test(series)) throw new RunStoreError(`invalid image series name '${series}' (letters, digits, _ and -, at most 48)`)
  if (!Number.isInteger(step) || step < 0 || step > 99_999_999) throw new RunStoreError(`invalid image step ${step}`)
  return `${series}-${String(step).padStart(8, '0')}.png`
}

/** Writes the PNG (atomically) and then its index line; the index never names a missing file. */
export function writeRunImage(
  artifactsDir: string,
  image: { series: string; png: Uint8Array; caption: string; step: number; epoch: number },
): ImageRecord {
  const size = pngSize(image.png)
  if (!size) throw new RunStoreError(`image ${image.series} at step ${image.step} is not a PNG`)
  const dir = join(artifactsDir, IMAGES_DIR)
  mkdirSync(dir, { recursive: true })
  const file = imageFileName(image.series, image.step)
  writeFileAtomic(join(dir, file), Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength))
  const record: ImageRecord = {
    file,
    series: image.series,
    caption: image.caption.slice(0, 500),
    step: image.step,
    epoch: image.epoch,
    time: Date.now(),
    ...size,
  }
  appendFileSync(join(dir, INDEX), JSON.stringify(record) + '\n')
  return record
}

function toRecord(value: unknown): ImageRecord | null {
  if (typeof value !== 'object' || value === null) return null
  const r = value as Record<string, unknown>
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  if (typeof r.file !== 'string' || !FILE.test(r.file)) return null
  if (typeof r.series !== 'string' || !SERIES.test(r.series) || !r.file.startsWith(`${r.series}-`)) return null
  if (!num(r.step) || !num(r.epoch) || !num(r.time) || !num(r.width) || !num(r.height)) return null
  return {
    file: r.file,
    series: r.series,
    caption: typeof r.caption === 'string' ? r.caption.slice(0, 500) : '',
    step: r.step as number,
    epoch: r.epoch as number,
    time: r.time as number,
    width: r.width as number,
    height: r.height as number,
  }
}

/**
 * The images index, oldest first; torn or malformed lines are skipped, and a file written again
 * (a resumed run repeating a step) keeps only its last line.
 */
export function readImageIndex(artifactsDir: string): ImageRecord[] {
  let text: string
  try {
    text = readFileSync(join(artifactsDir, IMAGES_DIR, INDEX), 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return []
    throw error
  }
  const byFile = new Map<string, ImageRecord>()
  for (const line of text.split('\n')) {
    if (!line) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      continue
    }
    const record = toRecord(parsed)
    if (record) {
      byFile.delete(record.file)
      byFile.set(record.file, record)
    }
  }
  return [...byFile.values()].sort((a, b) => a.step - b.step || a.series.localeCompare(b.series))
}

/** The bytes of an image the index names; refuses anything else (see the top of this file). */
export function readImageBytes(artifactsDir: string, file: string): Buffer {
  if (!FILE.test(file)) throw new RunStoreError(`'${file}' is not an image name of this run`)
  if (!readImageIndex(artifactsDir).some((r) => r.file === file)) throw new RunStoreError(`the run has no image '${file}'`)
  const path = join(artifactsDir, IMAGES_DIR, file)
  const stat = lstatSync(path)
  if (!stat.isFile()) throw new RunStoreError(`${path} is not a regular file`)
  if (stat.size > MAX_IMAGE_BYTES) throw new RunStoreError(`${path} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`)
  // O_NOFOLLOW: a symlink swapped in after the lstat is refused too.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const size = fstatSync(fd).size
    if (size > MAX_IMAGE_BYTES) throw new RunStoreError(`${path} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`)
    const bytes = readOpenFile(fd, size)
    if (!pngSize(bytes)) throw new RunStoreError(`${path} is not a PNG`)
    return bytes
  } finally {
    closeSync(fd)
  }
}
