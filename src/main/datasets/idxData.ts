/**
 * Loading and inspecting IDX data sets (MNIST-style folders): reads both splits, keeps the
 * first N items of each class in file order, and converts grey to RGB at the requested size
 * with the bilinear resize of resize.ts (IDX data never goes through sharp).
 */
import { idxFingerprint, type IdxItems } from './fingerprint.js'
import type { Split } from './folderLayout.js'
import { idxClassNames } from './idx.js'
import { readIdxSplit, type IdxFiles, type IdxSplit } from './idxFiles.js'
import { greyToRgb } from './resize.js'
import { countByClass, firstOfEachClass, range } from './selection.js'
import type { ImageSet, LoadOptions, LoadedArrays, SourceSummary } from './types.js'

const EMPTY_SPLIT: IdxSplit = { count: 0, rows: 0, cols: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }

async function readSplits(files: IdxFiles, classes: string[]): Promise<Record<Split, IdxSplit>> {
  const [train, test] = await Promise.all([
    readIdxSplit(files.train, classes.length),
    files.test ? readIdxSplit(files.test, classes.length) : EMPTY_SPLIT,
  ])
  return { train, test }
}

function items(split: Split, data: IdxSplit, limit: number | undefined): IdxItems {
  const indices = firstOfEachClass(range(data.count), (i) => data.labels[i], limit)
  return { split, rows: data.rows, cols: data.cols, images: data.images, labels: data.labels, indices }
}

export type IdxLoadOptions = Pick<LoadOptions, 'size' | 'limitPerClass' | 'onProgress'>

/** `folder` gives the class names (Fashion-MNIST's when its path says "fashion"). */
export async function loadIdxFolder(folder: string, files: IdxFiles, options: IdxLoadOptions): Promise<LoadedArrays> {
  const classes = idxClassNames(folder)
  const splits = await readSplits(files, classes)
  const chosen = {
    train: items('train', splits.train, options.limitPerClass?.train),
    test: items('test', splits.test, options.limitPerClass?.test),
  }
  const convert = (s: IdxItems): ImageSet => ({
    images: greyToRgb(s.images, s.rows, s.cols, options.size, s.indices),
    labels: Int32Array.from(s.indices, (i) => s.labels[i]),
  })
  const total = chosen.train.indices.length + chosen.test.indices.length
  const result: LoadedArrays = {
    classes,
    train: convert(chosen.train),
    test: convert(chosen.test),
    skipped: [],
    fingerprint: idxFingerprint([chosen.train, chosen.test]),
  }
  options.onProgress?.(total, total)
  return result
}

export async function inspectIdxFolder(folder: string, files: IdxFiles): Promise<SourceSummary> {
  const classes = idxClassNames(folder)
  const splits = await readSplits(files, classes)
  return {
    classes,
    counts: { train: countByClass(splits.train.labels, classes), test: countByClass(splits.test.labels, classes) },
    skipped: [],
    fingerprint: idxFingerprint([items('train', splits.train, undefined), items('test', splits.test, undefined)]),
  }
}
