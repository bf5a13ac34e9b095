/**
 * Disk cache of decoded arrays, so that loading the same files at the same size again does
 * not decode again. One entry is two files under the cache folder:
 *   <key>.bin   train images | test images | train labels | test labels
 *               (images [n, size, size, 3] bytes; labels int32 little-endian)
 *   <key>.json  counts, lengths, sha256 of the .bin, and the loader's metadata
 * The key hashes everything that determines the output (see `cacheKey`). Files are written to a
 * temporary name and renamed, .bin before .json, so a reader never sees half an entry; an entry
 * that fails any check (missing, wrong length, wrong hash, unparsable) is treated as absent.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SkippedFile } from '../../shared/api.js'
import { sha256 } from './fingerprint.js'
import type { ImageSet } from './types.js'

const FORMAT = 'benchtop-array-cache-v1'

export interface CacheEntry {
  size: number
  train: ImageSet
  test: ImageSet
  /** The loader's description of the data, stored as is. */
  fingerprint: string
  skipped: SkippedFile[]
}

interface Sidecar {
  format: string
  key: string
  size: number
  trainCount: number
  testCount: number
  binBytes: number
  binSha256: string
  fingerprint: string
  skipped: SkippedFile[]
}

/** sha256 (hex) of a JSON description of everything the cached arrays depend on. */
export function cacheKey(description: unknown): string {
  return createHash('sha256').update(JSON.stringify(description)).digest('hex')
}

function labelBytes(labels: Int32Array): Uint8Array {
  const out = new Uint8Array(labels.length * 4)
  const view = new DataView(out.buffer)
  labels.forEach((label, i) => view.setInt32(i * 4, label, true))
  return out
}

function readLabels(bytes: Uint8Array, count: number): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 4)
  return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true))
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(tmp, data)
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

export async function readCache(dir: string, key: string): Promise<CacheEntry | null> {
  try {
    const side = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as Sidecar
    if (side.format !== FORMAT || side.key !== key) return null
    const bin = new Uint8Array(await readFile(join(dir, `${key}.bin`)))
    const imageBytes = side.size * side.size * 3
    const expected = (side.trainCount + side.testCount) * (imageBytes + 4)
    if (bin.length !== expected || bin.length !== side.binBytes) return null
    if (sha256(bin).toString('hex') !== side.binSha256) return null
    const trainImages = side.trainCount * imageBytes
    const testImages = side.testCount * imageBytes
    const labelsAt = trainImages + testImages
    return {
      size: side.size,
      // Copies, so each array owns its buffer (callers may hand `.buffer` to other code).
      train: { images: bin.slice(0, trainImages), labels: readLabels(bin.subarray(labelsAt), side.trainCount) },
      test: {
        images: bin.slice(trainImages, labelsAt),
        labels: readLabels(bin.subarray(labelsAt + side.trainCount * 4), side.testCount),
      },
      fingerprint: side.fingerprint,
      skipped: side.skipped,
    }
  } catch {
    return null
  }
}

/** Stores an entry; returns false (and leaves no partial entry) when the disk refuses. */
export async function writeCache(dir: string, key: string, entry: CacheEntry): Promise<boolean> {
  const parts = [entry.train.images, entry.test.images, labelBytes(entry.train.labels), labelBytes(entry.test.labels)]
  const bin = Buffer.concat(parts)
  const side: Sidecar = {
    format: FORMAT,
    key,
    size: entry.size,
    trainCount: entry.train.labels.length,
    testCount: entry.test.labels.length,
    binBytes: bin.length,
    binSha256: sha256(bin).toString('hex'),
    fingerprint: entry.fingerprint,
    skipped: entry.skipped,
  }
  try {
    await mkdir(dir, { recursive: true })
    await writeAtomically(join(dir, `${key}.bin`), bin)
    await writeAtomically(join(dir, `${key}.json`), JSON.stringify(side))
    return true
  } catch {
    return false
  }
}

export function cacheFiles(dir: string, key: string): { bin: string; json: string } {
  return { bin: join(dir, `${key}.bin`), json: join(dir, `${key}.json`) }
}
