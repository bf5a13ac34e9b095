/**
 * The photos a run trains and validates on: the built-in set (scikit-image's sample photographs
 * from Debian's python3-skimage), an imported image-folder dataset, or a folder path. Class
 * folders are ignored: every image under the folder is a photo. Photos are decoded once with
 * sharp to RGB bytes at their own size (EXIF orientation applied, alpha flattened on white,
 * grey and CMYK turned to sRGB).
 *
 * Bad input: an unreadable file or a photo smaller than the HR patch is skipped with its reason;
 * too few usable photos stop the run before training, with a message saying why.
 */
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import type { SkippedFile } from '../../../shared/api'
import { DatasetRegistry } from '../../datasets'
import { IMAGE_EXTENSIONS } from '../../datasets/folderLayout'
import { BUILTIN_DATA_ID, BUILTIN_PHOTOS, SKIMAGE_DATA_DIR } from './names'

/** 100 megapixels: as the dataset decoder's limit. */
const MAX_PIXELS = 100_000_000
/** A held-out photo's shorter side: 32 px leave an 8 px LR input and room for the 11 px SSIM window after the border crop. */
const MIN_VALIDATION_SIDE = 32

export interface Photo {
  /** The file, as messages name it (relative to the data folder). */
  name: string
  width: number
  height: number
  /** [height, width, 3] RGB bytes. */
  rgb: Uint8Array
}

export interface PhotoSet {
  id: string
  source: string
  train: Photo[]
  validation: Photo[]
  skipped: SkippedFile[]
}

export interface PhotoOptions {
  hrPatch: number
  validationImages: number
  /** Folder of the built-in photos (tests point it elsewhere). */
  builtinDir?: string
}

/** Every image file under `root`, sorted by relative path (class folders are just folders). */
async function listImages(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue
      const full = path.join(dir, e.name)
      if (e.isDirectory()) await walk(full)
      else if (e.isFile() && IMAGE_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(full)
    }
  }
  await walk(root)
  return out
}

/** Decodes one photo to RGB bytes, or says why it cannot be used. */
export async function readPhoto(file: string, name: string, minSide: number, role = 'HR patch'): Promise<Photo | { skip: string }> {
  try {
    const info = await stat(file)
    if (info.size === 0) return { skip: 'empty file (0 bytes)' }
    const { data, info: out } = await sharp(file, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
      .autoOrient()
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (out.channels !== 3) return { skip: `decoded to ${out.channels} channels, not RGB` }
    if (Math.min(out.width, out.height) < minSide) return { skip: `${out.width}x${out.height} is smaller than the ${minSide} px ${role}` }
    return { name, width: out.width, height: out.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) }
  } catch (error) {
    return { skip: `not a readable image: ${(error as Error).message}` }
  }
}

/** Which of `n` sorted files are held out: `k` of them, evenly spread. */
export function heldOut(n: number, k: number): Set<number> {
  const picks = new Set<number>()
  if (n < 2) return picks
  const count = Math.min(k, n - 1)
  for (let i = 0; i < count; i++) picks.add(Math.floor(((i + 0.5) * n) / count))
  return picks
}

async function folderOf(data: string, home: string): Promise<{ id: string; root: string }> {
  const registry = new DatasetRegistry(home)
  const record = await registry.get(data).catch(() => null)
  if (record) {
    if (record.problem) throw new Error(`dataset ${data} cannot be used: ${record.problem}`)
    if (record.format !== 'class-folders' && record.format !== 'train-test-folders') {
      throw new Error(`dataset ${data} is not an image folder (${record.format}); srgan trains on photos in a folder`)
    }
    return { id: record.id, root: record.source }
  }
  let info
  try {
    info = await stat(data)
  } catch {
    throw new Error(`--data ${data} is neither an imported dataset nor an existing folder`)
  }
  if (!info.isDirectory()) throw new Error(`--data ${data} is not a folder of photos`)
  return { id: path.basename(path.resolve(data)), root: path.resolve(data) }
}

/** The run's photos, decoded; throws before training when too few are usable. */
export async function loadPhotos(data: string | null, home: string, o: PhotoOptions): Promise<PhotoSet> {
  const skipped: SkippedFile[] = []
  const train: Photo[] = []
  const validation_: Photo[] = []
  let id: string
  let source: string
  // Built-in: fixed validation photos. A folder: every image, the held-out ones chosen among the readable ones.
  let files: Array<{ file: string; name: string; validation: boolean | null }>
  if (data === null) {
    const dir = o.builtinDir ?? SKIMAGE_DATA_DIR
    if (!existsSync(dir)) {
      throw new Error(`the built-in photo set needs scikit-image's sample images in ${dir} (Debian: apt-get install python3-skimage); or give a folder of photos with --data`)
    }
    id = BUILTIN_DATA_ID
    source = dir
    files = [
      ...BUILTIN_PHOTOS.train.map((n) => ({ file: path.join(dir, n), name: n, validation: false })),
      ...BUILTIN_PHOTOS.validation.map((n) => ({ file: path.join(dir, n), name: n, validation: true })),
    ]
  } else {
    const folder = await folderOf(data, home)
    id = folder.id
    source = folder.root
    files = (await listImages(folder.root)).map((file) => ({ file, name: path.relative(folder.root, file), validation: null }))
  }
  const readable: Array<{ photo: Photo; validation: boolean | null }> = []
  for (const f of files) {
    const photo = await readPhoto(f.file, f.name, MIN_VALIDATION_SIDE, f.validation === false ? 'HR patch' : 'minimum')
    if ('skip' in photo) skipped.push({ file: f.name, reason: photo.skip })
    else readable.push({ photo, validation: f.validation })
  }
  const held = heldOut(readable.length, o.validationImages)
  readable.forEach(({ photo, validation }, i) => {
    if (validation ?? held.has(i)) validation_.push(photo)
    else if (Math.min(photo.width, photo.height) < o.hrPatch) skipped.push({ file: photo.name, reason: `${photo.width}x${photo.height} is smaller than the ${o.hrPatch} px HR patch` })
    else train.push(photo)
  })
  skipped.sort((a, b) => a.file.localeCompare(b.file))
  if (train.length === 0 || validation_.length === 0) {
    const why = skipped.length ? ` (skipped: ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')})` : ''
    throw new Error(
      `too few usable photos in ${source}: ${train.length} for training and ${validation_.length} for validation; srgan needs at least 2 photos of at least ${o.hrPatch} px on the shorter side${why}`,
    )
  }
  return { id, source, train, validation: validation_, skipped }
}
