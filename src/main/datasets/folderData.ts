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
import { withoutFiles, type FolderScan, type ScannedFile } from './folderScan.js'
import { mapLimit } from './mapLimit.js'
import { countByClass, firstOfEachClass } from './selection.js'
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

/** A split a load was asked for (limit not 0) that came out with no image: refused, never trained on. */
function checkSplitsNotEmpty(scan: FolderScan, rows: Record<Split, number>, limits: LoadOptions['limitPerClass'] = {}): void {
  for (const split of SPLITS) {
    if (rows[split] === 0 && limits[split] !== 0) throw emptySplitError(scan, split)
  }
}

function emptySplitError(scan: FolderScan, split: Split): DatasetError {
  const name = split === 'train' ? 'training' : 'test'
  return new DatasetError(
    `${scan.root}: the ${name} split has no readable image, so ${split === 'train' ? 'nothing can be trained' : 'validation would be computed over zero images'}` +
      ` (add images${scan.format === 'class-folders' ? ' (a class needs at least 2 readable images to give one to the test split)' : ` to its ${name} folder`}, or replace the unreadable ones listed as skipped)`,
    scan.root,
  )
}

interface DecodedFile {
  pixels: Uint8Array | null
  digest: Buffer | null
  error: string | null
}

/**
 * Decodes the selected files; when some fail, they are dropped from the scan and the selection is
 * made again from the files left (splits and "first N" counting readable files only), decoding
 * only files not tried yet, until the selection decodes entirely.
 */
async function decodeReadable(
  scan: FolderScan,
  options: FolderLoadOptions,
): Promise<{ scan: FolderScan; files: ScannedFile[]; decoded: Map<string, DecodedFile>; failed: ScannedFile[] }> {
  const { size, onProgress } = options
  const rowBytes = size * size * 3
  const decoded = new Map<string, DecodedFile>()
  const failed: ScannedFile[] = []
  let current = scan
  for (;;) {
    const files = selectFiles(current, options.limitPerClass)
    const todo = files.filter((f) => !decoded.has(f.path))
    const before = decoded.size
    if (todo.length > 0) {
      const batch = await decodeFiles(
        todo.map((f) => f.path),
        size,
        { onProgress: onProgress && ((done) => onProgress(before + done, before + todo.length)) },
      )
      todo.forEach((file, i) => {
        const error = batch.errors[i]
        decoded.set(file.path, {
          pixels: error === null ? batch.pixels.subarray(i * rowBytes, (i + 1) * rowBytes) : null,
          digest: batch.digests[i],
          error,
        })
        if (error !== null) failed.push(file)
      })
    } else if (before === 0) {
      onProgress?.(0, 0)
    }
    const bad = files.filter((f) => decoded.get(f.path)!.error !== null)
    if (bad.length === 0) return { scan: current, files, decoded, failed }
    current = withoutFiles(current, new Set(bad.map((f) => f.rel)))
  }
}

export async function loadImageFolder(scan: FolderScan, options: FolderLoadOptions): Promise<LoadedArrays> {
  const { size } = options
  const key = cacheKey({
    decoder: DECODER_VERSION,
    root: scan.root,
    format: scan.format,
    classes: scan.classes,
    size,
    limits: options.limitPerClass ?? {},
    // Every candidate file: when one is unreadable, the files taken instead of it are among them.
    // Whole milliseconds: finer digits depend on the file system and on how times were copied.
    files: scan.files.map((f) => [f.rel, f.className, f.bytes, Math.round(f.mtimeMs)]),
  })

  const cached = options.cacheDir ? await readCache(options.cacheDir, key) : null
  if (cached) {
    const { train, test, fingerprint } = cached
    return { classes: scan.classes, train, test, fingerprint, skipped: [...scan.skipped, ...cached.skipped], fromCache: true }
  }

  const { files, decoded, failed } = await decodeReadable(scan, options)
  const classIndex = new Map(scan.classes.map((name, i) => [name, i]))
  const used: FileItem[] = []
  const bySplit: Record<Split, ScannedFile[]> = { train: [], test: [] }
  for (const file of files) {
    bySplit[file.split].push(file)
    used.push({ split: file.split, className: file.className, digest: decoded.get(file.path)!.digest! })
  }
  checkSplitsNotEmpty(scan, { train: bySplit.train.length, test: bySplit.test.length }, options.limitPerClass)
  const decodeSkipped: SkippedFile[] = failed.map((file) => ({ file: file.rel, reason: decoded.get(file.path)!.error! }))
  const pack = (split: ScannedFile[]): ImageSet => {
    const rowBytes = size * size * 3
    const images = new Uint8Array(split.length * rowBytes)
    split.forEach((file, i) => images.set(decoded.get(file.path)!.pixels!, i * rowBytes))
    return { images, labels: Int32Array.from(split, (f) => classIndex.get(f.className)!) }
  }
  const train = pack(bySplit.train)
  const test = pack(bySplit.test)
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
  const unreadable = new Set<string>()
  const digests = new Map<string, Buffer>()
  scan.files.forEach((file, i) => {
    const { reason, digest } = reasons[i]
    if (reason !== null || digest === null) {
      skipped.push({ file: file.rel, reason: reason ?? 'unreadable' })
      unreadable.add(file.rel)
    } else {
      digests.set(file.rel, digest)
    }
  })
  // Splits are chosen among the readable files only.
  const readable = withoutFiles(scan, unreadable)
  const used: FileItem[] = []
  const labels: Record<Split, number[]> = { train: [], test: [] }
  for (const file of readable.files) {
    used.push({ split: file.split, className: file.className, digest: digests.get(file.rel)! })
    labels[file.split].push(scan.classes.indexOf(file.className))
  }
  const counts = { train: countByClass(labels.train, scan.classes), test: countByClass(labels.test, scan.classes) }
  const empty = scan.classes.find((c) => counts.train[c] + counts.test[c] === 0)
  if (empty !== undefined) {
    throw new DatasetError(`${scan.root}: class "${empty}" has no readable image (all its files were skipped)`, scan.root)
  }
  checkSplitsNotEmpty(scan, { train: labels.train.length, test: labels.test.length })
  return {
    classes: scan.classes,
    counts,
    skipped,
    fingerprint: fileItemsFingerprint(used),
  }
}
