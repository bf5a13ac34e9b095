/**
 * Loading and inspecting image-folder data sets (after `scanImageFolder`): picks the files,
 * decodes them (or takes them from the cache), and fingerprints exactly the files used.
 */
import type { SkippedFile } from '../../shared/api.js'
import { readFile } from 'node:fs/promises'
import { cacheKey, readCache, writeCache } from './cache.js'
import { DatasetError } from './errors.js'
import { DECODER_VERSION, DECODE_CONCURRENCY, decodeFiles, probeImage } from './decode.js'
import { fileItemsFingerprint, sha256, type FileItem } from './fingerprint.js'
import type { Split } from './folderLayout.js'
import type { FolderScan, ScannedFile } from './folderScan.js'
import { mapLimit } from './mapLimit.js'
import { countByClass, firstOfEachClass, gatherRows } from './selection.js'
import type { ImageSet, LoadOptions, LoadedArrays, SourceSummary } from './types.js'

export interface FolderLoadOptions extends Pick<LoadOptions, 'size' | 'limitPerClass' | 'onProgress'> {
  /** Folder of the decoded-array cache; null disables caching. */
  cacheDir: string | null
}

const SPLITS: Split[] = ['train', 'test']

/** The files a load uses: per split, the first `limitPerClass[split]` of each class by name. */
export function selectFiles(scan: FolderScan, limitPerClass: LoadOptions['limitPerClass'] = {}): ScannedFile[] {
  return SPLITS.flatMap((split) =>
    firstOfEachClass(
      scan.files.filter((f) => f.split === split),
      (f) => f.className,
      limitPerClass[split],
    ),
  )
}

export async function loadImageFolder(scan: FolderScan, options: FolderLoadOptions): Promise<LoadedArrays> {
  const { size, onProgress } = options
  const files = selectFiles(scan, options.limitPerClass)
  const key = cacheKey({
    decoder: DECODER_VERSION,
    root: scan.root,
    format: scan.format,
    classes: scan.classes,
    size,
    // Whole milliseconds: finer digits depend on the file system and on how times were copied.
    files: files.map((f) => [f.rel, f.split, f.className, f.bytes, Math.round(f.mtimeMs)]),
  })

  const cached = options.cacheDir ? await readCache(options.cacheDir, key) : null
  if (cached) {
    const { train, test, fingerprint } = cached
    return { classes: scan.classes, train, test, fingerprint, skipped: [...scan.skipped, ...cached.skipped], fromCache: true }
  }

  const decoded = await decodeFiles(files.map((f) => f.path), size, { onProgress })
  const classIndex = new Map(scan.classes.map((name, i) => [name, i]))
  const rowBytes = size * size * 3
  const used: FileItem[] = []
  const rows: Record<Split, number[]> = { train: [], test: [] }
  const decodeSkipped: SkippedFile[] = []
  files.forEach((file, i) => {
    const error = decoded.errors[i]
    if (error !== null) {
      decodeSkipped.push({ file: file.rel, reason: error })
      return
    }
    rows[file.split].push(i)
    used.push({ split: file.split, className: file.className, digest: decoded.digests[i]! })
  })
  const pack = (indices: number[]): ImageSet => ({
    images: gatherRows(decoded.pixels, rowBytes, indices),
    labels: Int32Array.from(indices, (i) => classIndex.get(files[i].className)!),
  })
  const train = pack(rows.train)
  const test = pack(rows.test)
  const fingerprint = fileItemsFingerprint(used)

  if (options.cacheDir) {
    await writeCache(options.cacheDir, key, { size, train, test, fingerprint, skipped: decodeSkipped })
  }
  return { classes: scan.classes, train, test, fingerprint, skipped: [...scan.skipped, ...decodeSkipped] }
}

/**
 * Reads every listed file once to fingerprint it and check its header (a full decode would cost
 * as much as a load). Files whose header is not an image are skipped; a file that is damaged
 * further in is only found by a load, which then reports it. A class left with no readable
 * file is an error, as in the scan.
 */
export async function inspectImageFolder(scan: FolderScan): Promise<SourceSummary> {
  const reasons = await mapLimit(scan.files, DECODE_CONCURRENCY, async (file) => {
    try {
      const bytes = await readFile(file.path)
      const reason = await probeImage(bytes)
      return { reason, digest: reason === null ? sha256(bytes) : null }
    } catch (error) {
      return { reason: `cannot read the file: ${(error as Error).message}`, digest: null }
    }
  })
  const skipped = [...scan.skipped]
  const used: FileItem[] = []
  const labels: Record<Split, number[]> = { train: [], test: [] }
  scan.files.forEach((file, i) => {
    const { reason, digest } = reasons[i]
    if (reason !== null || digest === null) {
      skipped.push({ file: file.rel, reason: reason ?? 'unreadable' })
      return
    }
    used.push({ split: file.split, className: file.className, digest })
    labels[file.split].push(scan.classes.indexOf(file.className))
  })
  const counts = { train: countByClass(labels.train, scan.classes), test: countByClass(labels.test, scan.classes) }
  const empty = scan.classes.find((c) => counts.train[c] + counts.test[c] === 0)
  if (empty !== undefined) {
    throw new DatasetError(`${scan.root}: class "${empty}" has no readable image (all its files were skipped)`, scan.root)
  }
  return {
    classes: scan.classes,
    counts,
    skipped,
    fingerprint: fileItemsFingerprint(used),
  }
}
