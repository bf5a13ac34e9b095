/**
 * Pure naming rules of image-folder data sets: which names are images, which folders are
 * train/test splits, how files sort, and which files of a single-folder class go to the test split.
 */

export type Split = 'train' | 'test'

/** Extensions sharp decodes out of the box (its prebuilt libvips has no BMP or HEIC). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']

/** Folder names accepted for each split of the `train-test-folders` layout (case-insensitive). */
const SPLIT_FOLDER_NAMES: Record<Split, readonly string[]> = {
  train: ['training_set', 'train'],
  test: ['test_set', 'test'],
}

/** For `class-folders`, every TEST_EVERY-th file of a class (by sorted name) is a test file. */
export const TEST_EVERY = 10

/** Hidden files (`.DS_Store`, `.git`) and the macOS archive junk folder are never data. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'Thumbs.db' || name === 'desktop.ini'
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot).toLowerCase()
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extensionOf(name))
}

/** Why a file that is not an image by its extension is skipped. */
export function notAnImageReason(name: string): string {
  const ext = extensionOf(name)
  return ext
    ? `not an image file (extension ${ext}; expected one of ${IMAGE_EXTENSIONS.join(' ')})`
    : `not an image file (no extension; expected one of ${IMAGE_EXTENSIONS.join(' ')})`
}

/** Which split a folder name stands for, or null when it is not a split folder. */
export function splitOfFolder(name: string): Split | null {
  const lower = name.toLowerCase()
  if (SPLIT_FOLDER_NAMES.train.includes(lower)) return 'train'
  if (SPLIT_FOLDER_NAMES.test.includes(lower)) return 'test'
  return null
}

/**
 * Order of files and classes: by UTF-16 code units, independent of locale, so "the first N
 * files" are the same on every machine. Note `cat.10.jpg` sorts before `cat.2.jpg`.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Split of the i-th file (0-based, sorted order) of a class of `count` files in the
 * `class-folders` layout. A small class still gives one test file, so validation is never empty.
 */
export function classFolderSplit(index: number, count: number): Split {
  if (count >= 2 && count < TEST_EVERY) return index === count - 1 ? 'test' : 'train'
  return index % TEST_EVERY === TEST_EVERY - 1 ? 'test' : 'train'
}

export const LAYOUTS_EXPECTED =
  'expected either class folders (<folder>/<class>/<image files>) or train/test folders ' +
  '(<folder>/training_set/<class>/... and <folder>/test_set/<class>/..., also named train/test)'
