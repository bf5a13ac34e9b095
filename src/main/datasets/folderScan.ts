/**
 * Detects the layout of an image folder and lists its files, each with its class and split.
 *
 *   class-folders:       root/<class>/<image>           (every 10th file of a class is test data;
 *                        a class of 2-9 files gives its last file)
 *   train-test-folders:  root/{training_set,test_set}/<class>/<image>   (also train/test, and the
 *                        Kaggle archive's doubled root/training_set/training_set/<class>/<image>)
 *
 * Nothing is decoded here; files that are not images by extension, empty files and stray entries
 * are returned as skipped with a reason.
 */
import type { SkippedFile } from '../../shared/api.js'
import { relative } from 'node:path'
import { DatasetError } from './errors.js'
import { badNameReason, listEntries, requireFolder, type Entry } from './fsEntries.js'
import {
  LAYOUTS_EXPECTED,
  classFolderSplit,
  compareNames,
  isImageName,
  notAnImageReason,
  splitOfFolder,
  type Split,
} from './folderLayout.js'

export type FolderFormat = 'class-folders' | 'train-test-folders'

export interface ScannedFile {
  /** Absolute path. */
  path: string
  /** Path relative to the scanned root, used in messages and skipped lists. */
  rel: string
  className: string
  split: Split
  bytes: number
  mtimeMs: number
}

export interface FolderScan {
  root: string
  format: FolderFormat
  /** Sorted class names; a label is an index into this list. */
  classes: string[]
  /** Sorted by split (train, then test), class, then file name. */
  files: ScannedFile[]
  skipped: SkippedFile[]
}

interface ClassFolder {
  className: string
  split: Split | 'both'
  entry: Entry
}

/** A split folder holding nothing but one folder of a split name (Kaggle's training_set/training_set). */
async function unwrapSplitFolder(folder: Entry): Promise<Entry[]> {
  let entries = await listEntries(folder.path)
  while (entries.length === 1 && entries[0].kind === 'folder' && splitOfFolder(entries[0].name) !== null) {
    entries = await listEntries(entries[0].path)
  }
  return entries
}

function neitherLayout(root: string, detail: string): DatasetError {
  return new DatasetError(`${root} is not an image data set folder: ${detail}; ${LAYOUTS_EXPECTED}`, root)
}

type Skip = (entry: Entry, reason: string) => void

/** Decides the layout from the root's entries and returns its class folders. */
async function findClassFolders(root: string, top: Entry[], skip: Skip): Promise<{ format: FolderFormat; folders: ClassFolder[] }> {
  const splitFolders = top.filter((e) => e.kind === 'folder' && splitOfFolder(e.name) !== null)
  const folders: ClassFolder[] = []
  if (splitFolders.length === 0) {
    for (const entry of top) {
      if (entry.kind === 'folder') folders.push({ className: entry.name, split: 'both', entry })
      else if (entry.kind === 'bad-name') skip(entry, badNameReason(entry))
      else skip(entry, 'not inside a class folder')
    }
    return { format: 'class-folders', folders }
  }
  const train = splitFolders.filter((e) => splitOfFolder(e.name) === 'train')
  const test = splitFolders.filter((e) => splitOfFolder(e.name) === 'test')
  if (train.length !== 1 || test.length !== 1) {
    const names = splitFolders.map((e) => e.name).join(', ')
    throw neitherLayout(root, `found split folder(s) ${names} but not exactly one training and one test folder`)
  }
  for (const entry of top) {
    if (entry.kind === 'bad-name') skip(entry, badNameReason(entry))
    else if (entry !== train[0] && entry !== test[0]) skip(entry, 'outside the training and test folders')
  }
  for (const [split, folder] of [['train', train[0]], ['test', test[0]]] as const) {
    for (const entry of await unwrapSplitFolder(folder)) {
      if (entry.kind === 'folder') folders.push({ className: entry.name, split, entry })
      else if (entry.kind === 'bad-name') skip(entry, badNameReason(entry))
      else skip(entry, `not inside a class folder of the ${split} split`)
    }
  }
  return { format: 'train-test-folders', folders }
}

interface ClassFiles {
  usable: Entry[]
  /** Regular files seen, usable or not. */
  files: number
  skipped: number
}

/** The usable images of one class folder (sorted by name); everything else is skipped. */
async function listClassFiles(folder: ClassFolder, skip: Skip): Promise<ClassFiles> {
  const result: ClassFiles = { usable: [], files: 0, skipped: 0 }
  for (const entry of await listEntries(folder.entry.path)) {
    let reason: string | null = null
    if (entry.kind === 'bad-name') reason = badNameReason(entry)
    else if (entry.kind === 'folder') reason = 'a folder inside a class folder (images must sit directly in it)'
    else if (entry.kind !== 'file') reason = 'not a regular file'
    else if (!isImageName(entry.name)) reason = notAnImageReason(entry.name)
    else if (entry.bytes === 0) reason = 'empty file (0 bytes)'
    if (entry.kind === 'file') result.files++
    if (reason === null) {
      result.usable.push(entry)
    } else {
      skip(entry, reason)
      result.skipped++
    }
  }
  return result
}

export async function scanImageFolder(path: string): Promise<FolderScan> {
  const root = await requireFolder(path)
  const skipped: SkippedFile[] = []
  const skip: Skip = (entry, reason) => skipped.push({ file: relative(root, entry.path), reason })
  const { format, folders } = await findClassFolders(root, await listEntries(root), skip)

  // One folder at a time, so the skipped list comes out in the same order on every scan.
  const listed: ClassFiles[] = []
  for (const folder of folders) listed.push(await listClassFiles(folder, skip))
  if (folders.length === 0 || listed.every((l) => l.files === 0)) {
    throw neitherLayout(root, folders.length === 0 ? 'it has no sub-folders' : 'its sub-folders hold no files')
  }
  const empty = listed.findIndex((l) => l.usable.length === 0)
  if (empty >= 0) {
    const folder = folders[empty].entry.path
    const n = listed[empty].skipped
    const detail = n === 0 ? 'it is empty' : `its ${n} entr${n === 1 ? 'y was' : 'ies were'} skipped`
    throw new DatasetError(`class folder has no usable image: ${folder} (${detail})`, folder)
  }
  const classes = [...new Set(folders.map((f) => f.className))].sort(compareNames)
  if (classes.length < 2) {
    throw new DatasetError(`found only one class (${classes[0]}) in ${root}; classification needs at least two class folders`, root)
  }

  const files: ScannedFile[] = folders.flatMap((folder, i) =>
    listed[i].usable.map((entry) => ({
      path: entry.path,
      rel: relative(root, entry.path),
      className: folder.className,
      // Provisional for class-folders: assignSplits below, and again once unreadable files are known.
      split: folder.split === 'both' ? 'train' : folder.split,
      bytes: entry.bytes,
      mtimeMs: entry.mtimeMs,
    })),
  )
  return { root, format, classes, files: assignSplits(format, files), skipped }
}

const splitRank = (s: Split) => (s === 'train' ? 0 : 1)

/**
 * Sorts files by split, class and name; for class-folders, first gives each class's files their
 * split (every TEST_EVERY-th by name is test data) counting only the files passed in.
 */
function assignSplits(format: FolderFormat, files: ScannedFile[]): ScannedFile[] {
  let result = files
  if (format === 'class-folders') {
    const byClass = new Map<string, ScannedFile[]>()
    for (const file of files) byClass.set(file.className, [...(byClass.get(file.className) ?? []), file])
    result = [...byClass.values()].flatMap((group) =>
      group
        .sort((a, b) => compareNames(a.rel, b.rel))
        .map((file, index) => ({ ...file, split: classFolderSplit(index, group.length) })),
    )
  }
  return [...result].sort(
    (a, b) => splitRank(a.split) - splitRank(b.split) || compareNames(a.className, b.className) || compareNames(a.rel, b.rel),
  )
}

/**
 * The scan without the files in `drop` (by `rel`: files found unreadable). Splits are chosen again
 * from the files left, so an unreadable file never takes a test place that a readable one could fill.
 */
export function withoutFiles(scan: FolderScan, drop: ReadonlySet<string>): FolderScan {
  if (drop.size === 0) return scan
  return { ...scan, files: assignSplits(scan.format, scan.files.filter((f) => !drop.has(f.rel))) }
}
