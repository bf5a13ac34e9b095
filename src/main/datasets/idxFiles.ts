/**
 * Finds and reads the IDX files of a folder (MNIST / Fashion-MNIST as distributed): pairs each
 * split's images with its labels and checks they agree.
 */
import { readFile } from 'node:fs/promises'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { DatasetError } from './errors.js'
import { listEntries } from './fsEntries.js'
import type { Split } from './folderLayout.js'
import { IdxFormatError, isGzip, parseIdx, parseIdxName, type IdxName } from './idx.js'

const gunzipAsync = promisify(gunzip)

export interface IdxSplitFiles {
  images: string
  labels: string
}

export interface IdxFiles {
  train: IdxSplitFiles
  /** Null when the folder has no test files: the test split is then empty. */
  test: IdxSplitFiles | null
}

export interface IdxSplit {
  count: number
  rows: number
  cols: number
  /** [count, rows, cols] grey bytes. */
  images: Uint8Array
  /** [count] class indices. */
  labels: Uint8Array
}

/**
 * The IDX files of `folder` (already known to exist), or null when it holds none. Where both
 * `x` and `x.gz` exist, the uncompressed one is read (same data, no gunzip).
 */
export async function findIdxFiles(folder: string): Promise<IdxFiles | null> {
  const found = new Map<string, string>()
  for (const entry of await listEntries(folder)) {
    const name: IdxName | null = entry.kind === 'file' ? parseIdxName(entry.name) : null
    if (!name) continue
    const key = `${name.split}-${name.part}`
    const previous = found.get(key)
    if (previous === undefined || (previous.endsWith('.gz') && !entry.path.endsWith('.gz'))) found.set(key, entry.path)
  }
  if (found.size === 0) return null
  const pair = (split: Split): IdxSplitFiles | null => {
    const images = found.get(`${split}-images`)
    const labels = found.get(`${split}-labels`)
    if (images && labels) return { images, labels }
    if (!images && !labels) return null
    const missing = images ? 'labels (*-labels-idx1-ubyte)' : 'images (*-images-idx3-ubyte)'
    throw new DatasetError(`${folder}: found ${split} ${images ? 'images' : 'labels'} (${images ?? labels}) but no ${split} ${missing}`, folder)
  }
  const train = pair('train')
  if (!train) throw new DatasetError(`${folder}: found IDX test files but no train-images/train-labels files`, folder)
  return { train, test: pair('test') }
}

async function readIdxFile(file: string, rank: number) {
  let bytes: Uint8Array = await readFile(file)
  try {
    if (isGzip(bytes)) bytes = await gunzipAsync(bytes)
  } catch (error) {
    throw new DatasetError(`${file}: not a readable gzip file: ${(error as Error).message}`, file)
  }
  try {
    const array = parseIdx(bytes)
    if (array.dims.length !== rank) {
      throw new IdxFormatError(`expected ${rank} dimension${rank > 1 ? 's' : ''}, found ${array.dims.length} (${array.dims.join('x')})`)
    }
    return array
  } catch (error) {
    if (error instanceof IdxFormatError) throw new DatasetError(`${file}: not a valid IDX file: ${error.message}`, file)
    throw error
  }
}

/** Reads one split; labels must be class indices below `classCount`. */
export async function readIdxSplit(files: IdxSplitFiles, classCount: number): Promise<IdxSplit> {
  const [images, labels] = await Promise.all([readIdxFile(files.images, 3), readIdxFile(files.labels, 1)])
  const [count, rows, cols] = images.dims
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      `IDX files disagree: ${files.images} has ${count} images but ${files.labels} has ${labels.dims[0]} labels`,
      files.labels,
    )
  }
  const bad = labels.data.findIndex((label) => label >= classCount)
  if (bad >= 0) {
    throw new DatasetError(`${files.labels}: label ${labels.data[bad]} at item ${bad} is not below ${classCount}`, files.labels)
  }
  return { count, rows, cols, images: images.data, labels: labels.data }
}
