/**
 * Built-in data sets: `shapes` (generated) and, when the Debian package `dataset-fashion-mnist`
 * is installed, `fashion-mnist` read from its folder.
 */
import type { DatasetInfo } from '../../shared/api.js'
import { existsSync } from 'node:fs'
import { findIdxFiles, type IdxFiles } from './idxFiles.js'
import { inspectIdxFolder } from './idxData.js'
import { SHAPES_ID, SHAPES_LIST_SEED, SHAPES_LIST_SIZE, loadShapes, shapesInfo, shapesSettings } from './shapesData.js'

export const FASHION_MNIST_ID = 'fashion-mnist'
/** Where `apt install dataset-fashion-mnist` puts the four gzipped IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist'

export const BUILTIN_IDS: readonly string[] = [SHAPES_ID, FASHION_MNIST_ID]

let shapesListInfo: DatasetInfo | null = null

/** `shapes` as listed: its default settings at a list size of 32 pixels and seed 0. */
export function shapesListEntry(): DatasetInfo {
  shapesListInfo ??= (() => {
    const settings = shapesSettings({ size: SHAPES_LIST_SIZE, seed: SHAPES_LIST_SEED })
    return shapesInfo(settings, loadShapes(settings))
  })()
  return shapesListInfo
}

/** The IDX files of the Fashion-MNIST folder, or null when the folder is absent. */
export async function fashionMnistFiles(dir: string | null): Promise<IdxFiles | null> {
  if (dir === null || !existsSync(dir)) return null
  return findIdxFiles(dir)
}

// Reading and fingerprinting 70000 images takes about a second: once per folder per process.
const fashionInfos = new Map<string, Promise<DatasetInfo>>()

/** Identity of the Fashion-MNIST built-in; classes, counts and fingerprint come from its data. */
export function fashionMnistBase(dir: string): DatasetInfo {
  return {
    id: FASHION_MNIST_ID,
    name: 'Fashion-MNIST',
    kind: 'image-classification',
    origin: 'builtin',
    source: dir,
    format: 'idx',
    classes: [],
    counts: { train: {}, test: {} },
    skipped: [],
    fingerprint: '',
    importedAt: null,
  }
}

export function fashionMnistEntry(dir: string, files: IdxFiles): Promise<DatasetInfo> {
  let info = fashionInfos.get(dir)
  if (!info) {
    info = inspectIdxFolder(dir, files).then((summary) => ({ ...fashionMnistBase(dir), ...summary }))
    // A failed read is not remembered: the next list tries again.
    info.catch(() => fashionInfos.delete(dir))
    fashionInfos.set(dir, info)
  }
  return info
}
