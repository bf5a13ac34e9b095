/**
 * Finds and reads the IDX files of a folder (MNIST / Fashion-MNIST as distributed): pairs each
 * split's images with its labels and checks they agree.
 */
import { createReadStream } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { DatasetError } from './errors.js'
import { listEntries } from './fsEntries.js'
import type { Split } from './folderLayout.js'
import { IdxFormatError, isGzip, parseIdx, parseIdxName, type IdxName } from './idx.js'

/**
 * The largest IDX file read, compressed or not (Fashion-MNIST's training images are 47 MB): the
 * data is held in memory, and a small .gz can inflate to any size.
 */
export const MAX_IDX_BYTES = 1024 * 1024 * 1024

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`

/**
 * Bytes an IDX file declares in its header (4 + 4 * rank + the product of its dimensions), or
 * null while `head` is too short to tell or is no IDX header (parseIdx then says what is wrong).
 */
function declaredIdxBytes(head: Uint8Array): { bytes: number; dims: number[] } | null {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0 || head[3] < 1) return null
  const rank = head[3]
  if (head.length < 4 + 4 * rank) return null
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false))
  return { bytes: 4 + 4 * rank + dims.reduce((n, d) => n * d, 1), dims }
}

function tooLarge(file: string, declared: { bytes: number; dims: number[] }): DatasetError {
  return new DatasetError(
    `${file}: its IDX header declares ${declared.dims.join('x')} (${mib(declared.bytes)}), more than the ${mib(MAX_IDX_BYTES)} an IDX file may have`,
    file,
  )
}

/**
 * Gunzips `file` as a stream, stopping as soon as the output passes what its IDX header declares
 * (or MAX_IDX_BYTES before the header is read): a gzip bomb never inflates in this process.
 */
async function gunzipIdx(file: string): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let total = 0
  let limit = MAX_IDX_BYTES
  let declared: { bytes: number; dims: number[] } | null = null
  // The header is at most 4 + 4 * 255 bytes; past that without one, parseIdx will say what is wrong.
  let headerLooked = false
  // pipeline() may reject with its own AbortError once the sink stops it: keep the real reason.
  let refusal: DatasetError | null = null
  const refuse = (error: DatasetError): never => {
    refusal = error
    throw error
  }
  try {
    await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        chunks.push(chunk)
        total += chunk.length
        if (declared === null && !headerLooked) {
          declared = declaredIdxBytes(Buffer.concat(chunks))
          headerLooked = declared !== null || total >= 4 + 4 * 255
          if (declared) {
            if (declared.bytes > MAX_IDX_BYTES) refuse(tooLarge(file, declared))
            limit = declared.bytes
          }
        }
        if (total > limit) {
          refuse(new DatasetError(
            declared
              ? `${file}: gunzips to more than the ${declared.bytes} bytes its IDX header declares (${declared.dims.join('x')}); refused`
              : `${file}: gunzips to more than ${mib(MAX_IDX_BYTES)}; refused`,
            file,
          ))
        }
      }
    })
  } catch (error) {
    if (refusal) throw refusal
    if (error instanceof DatasetError) throw error
    throw new DatasetError(`${file}: not a readable gzip file: ${(error as Error).message}`, file)
  }
  return Buffer.concat(chunks, total)
}

/** The file's IDX bytes, gunzipped when it is gzip (by its magic bytes), within MAX_IDX_BYTES. */
async function readIdxBytes(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r')
  let size: number
  const magic = Buffer.alloc(2)
  try {
    size = (await handle.stat()).size
    await handle.read(magic, 0, 2, 0)
  } finally {
    await handle.close()
  }
  if (isGzip(magic)) return gunzipIdx(file)
  if (size > MAX_IDX_BYTES) throw new DatasetError(`${file} is ${mib(size)}, more than the ${mib(MAX_IDX_BYTES)} an IDX file may have`, file)
  return readFile(file)
}

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
  const bytes = await readIdxBytes(file)
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
