/**
 * What a path holds: a folder of IDX files, or an image folder in one of the two layouts.
 * The one place that decides the format, shared by import and load.
 */
import { inspectImageFolder, loadImageFolder } from './folderData.js'
import { scanImageFolder, type FolderScan } from './folderScan.js'
import { requireFolder } from './fsEntries.js'
import { inspectIdxFolder, loadIdxFolder } from './idxData.js'
import { findIdxFiles, type IdxFiles } from './idxFiles.js'
import type { LoadOptions, LoadedArrays, SourceSummary } from './types.js'

export type Source =
  | { format: 'idx'; root: string; files: IdxFiles }
  | { format: FolderScan['format']; root: string; scan: FolderScan }

/** Throws a DatasetError naming the path when it is missing, not a folder, or in no known layout. */
export async function openSource(path: string): Promise<Source> {
  const root = await requireFolder(path)
  const files = await findIdxFiles(root)
  if (files) return { format: 'idx', root, files }
  const scan = await scanImageFolder(root)
  return { format: scan.format, root, scan }
}

export function inspectSource(source: Source): Promise<SourceSummary> {
  return source.format === 'idx' ? inspectIdxFolder(source.root, source.files) : inspectImageFolder(source.scan)
}

export function loadSource(source: Source, options: LoadOptions, cacheDir: string | null): Promise<LoadedArrays> {
  return source.format === 'idx'
    ? loadIdxFolder(source.root, source.files, options)
    : loadImageFolder(source.scan, { ...options, cacheDir })
}
