/**
 * Finds a detection data set in a folder, in one of the two formats people have (issue 15):
 *  - YOLO txt: `images/` and `labels/` side by side (flat, or with `train/`, `val/`, `test/`
 *    sub-folders in both), one `<image name>.txt` per image, class names in `classes.txt` or
 *    `data.yaml` at the root;
 *  - COCO JSON: an `instances_*.json` at the root or in `annotations/`, images found by their
 *    `file_name` under `images/` (also `images/<split>/`), the json's folder or the root.
 * Every bad label is reported (file and line, or annotation id) and skipped; a label file without
 * its image is skipped; an image without labels is kept as background and counted. Reads each
 * file once (labels, and image bytes for the fingerprint and a header check); decodes nothing.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, extname, join, relative } from 'node:path'
import type { SkippedFile } from '../../shared/api.js'
import { probeImage } from './decode.js'
import { parseClassesTxt, parseCoco, parseDataYaml, parseYoloLabels, type LabelBox, type LabelProblem } from './detectionLabels.js'
import { DatasetError } from './errors.js'
import { classFolderSplit, isImageName, splitOfFolder, type Split } from './folderLayout.js'
import { listEntries, type Entry } from './fsEntries.js'

export type DetectionFormat = 'yolo-txt' | 'coco-json'

export interface DetectionItem {
  /** Absolute path of the image. */
  file: string
  /** Path relative to the data set's root, for messages and the fingerprint. */
  name: string
  split: Split
  boxes: LabelBox[]
  /** The image had no label file (YOLO) or no annotation (COCO): background. */
  background: boolean
}

export interface DetectionScan {
  format: DetectionFormat
  root: string
  classNames: string[]
  /** Sorted by name within each split; train first. */
  items: DetectionItem[]
  skipped: SkippedFile[]
}

const problemsToSkipped = (problems: LabelProblem[], root: string): SkippedFile[] =>
  problems.map((p) => ({ file: p.where.startsWith(root) ? relative(root, p.where) : p.where, reason: p.problem }))

/** Split folders of detection data sets: YOLO and COCO use train / val (also valid, validation, test). */
function detectionSplitOf(name: string): Split | null {
  const lower = name.toLowerCase()
  if (/^train(ing)?(_set|20\d\d)?$/.test(lower)) return 'train'
  if (/^(val|valid|validation|test)(_set|20\d\d)?$/.test(lower)) return 'test'
  return splitOfFolder(name)
}

const folderNamed = (entries: Entry[], name: string) => entries.find((e) => e.kind === 'folder' && e.name.toLowerCase() === name)

/** The format a folder is in, or null when it is no detection data set (then it may be a classification one). */
export async function detectionFormat(root: string): Promise<DetectionFormat | null> {
  const entries = await listEntries(root)
  if (folderNamed(entries, 'images') && folderNamed(entries, 'labels')) return 'yolo-txt'
  if ((await cocoFiles(root, entries)).length) return 'coco-json'
  return null
}

async function cocoFiles(root: string, entries: Entry[]): Promise<string[]> {
  const isInstances = (e: Entry) => e.kind === 'file' && /^instances_.*\.json$/i.test(e.name)
  const found = entries.filter(isInstances).map((e) => e.path)
  const annotations = folderNamed(entries, 'annotations')
  if (annotations) found.push(...(await listEntries(annotations.path)).filter(isInstances).map((e) => e.path))
  return found
}

/** Sub-folders of `folder` that are splits, or the folder itself as one unsplit group. */
async function splitFolders(folder: string): Promise<Array<{ dir: string; split: Split | null }>> {
  const entries = await listEntries(folder)
  const splits = entries.filter((e) => e.kind === 'folder' && detectionSplitOf(e.name) !== null)
  return splits.length ? splits.map((e) => ({ dir: e.path, split: detectionSplitOf(e.name) })) : [{ dir: folder, split: null }]
}

async function classNamesOf(root: string, entries: Entry[]): Promise<string[]> {
  const txt = entries.find((e) => e.kind === 'file' && e.name === 'classes.txt')
  const yaml = entries.find((e) => e.kind === 'file' && /^data\.ya?ml$/.test(e.name))
  let names: string[]
  if (txt) names = parseClassesTxt(await readFile(txt.path, 'utf8'))
  else if (yaml) {
    try {
      names = parseDataYaml(await readFile(yaml.path, 'utf8'), yaml.name)
    } catch (error) {
      throw new DatasetError((error as Error).message, yaml.path)
    }
  } else throw new DatasetError(`${root}: a YOLO data set needs its class names in classes.txt or data.yaml (names:) beside images/ and labels/`, root)
  if (!names.length) throw new DatasetError(`${txt?.path ?? yaml?.path}: no class names`, txt?.path ?? root)
  return names
}

/** Files split by their folder, or every 10th (by name) to test when the data set has no split folders. */
function assignSplits<T extends { split: Split | null }>(items: T[]): Array<T & { split: Split }> {
  return items.map((item, i) => ({ ...item, split: item.split ?? classFolderSplit(i, items.length) }))
}

async function scanYolo(root: string, entries: Entry[]): Promise<DetectionScan> {
  const classNames = await classNamesOf(root, entries)
  const skipped: SkippedFile[] = []
  const images: Array<Omit<DetectionItem, 'split'> & { split: Split | null }> = []
  const imagesDir = folderNamed(entries, 'images')!.path
  const labelsDir = folderNamed(entries, 'labels')!.path
  for (const { dir, split } of await splitFolders(imagesDir)) {
    const labelDir = join(labelsDir, relative(imagesDir, dir))
    const labelFiles = new Map<string, Entry>()
    for (const e of await listEntries(labelDir).catch(() => [] as Entry[])) if (e.kind === 'file' && extname(e.name) === '.txt') labelFiles.set(basename(e.name, '.txt'), e)
    for (const e of await listEntries(dir)) {
      if (e.kind !== 'file' || !isImageName(e.name)) continue
      const stem = basename(e.name, extname(e.name))
      const label = labelFiles.get(stem)
      labelFiles.delete(stem)
      const name = relative(root, e.path)
      if (!label) {
        images.push({ file: e.path, name, split, boxes: [], background: true })
        continue
      }
      const parsed = parseYoloLabels(await readFile(label.path, 'utf8'), classNames.length, relative(root, label.path))
      skipped.push(...problemsToSkipped(parsed.problems, root))
      images.push({ file: e.path, name, split, boxes: parsed.boxes, background: parsed.boxes.length === 0 && parsed.problems.length === 0 })
    }
    for (const e of labelFiles.values()) skipped.push({ file: relative(root, e.path), reason: `a label file without an image (no ${relative(root, join(dir, basename(e.name, '.txt')))}.* image)` })
  }
  return { format: 'yolo-txt', root, classNames, items: assignSplits(images), skipped }
}

/** Where a COCO image's `file_name` is: under images/ (or images/<split>/), beside the json, or the root. */
async function findCocoImage(root: string, jsonDir: string, file: string, splitHint: Split | null): Promise<{ path: string; split: Split | null } | null> {
  const candidates: Array<{ path: string; split: Split | null }> = [
    { path: join(root, 'images', file), split: splitHint },
    ...['train', 'val', 'test'].map((s) => ({ path: join(root, 'images', s, file), split: detectionSplitOf(s) })),
    { path: join(jsonDir, file), split: splitHint },
    { path: join(root, file), split: splitHint },
  ]
  for (const c of candidates) {
    if ((await stat(c.path).catch(() => null))?.isFile()) return c
  }
  return null
}

async function scanCoco(root: string, entries: Entry[]): Promise<DetectionScan> {
  const files = await cocoFiles(root, entries)
  const skipped: SkippedFile[] = []
  let classNames: string[] | null = null
  const images: Array<Omit<DetectionItem, 'split'> & { split: Split | null }> = []
  for (const jsonFile of files.sort()) {
    const where = relative(root, jsonFile)
    let json: unknown
    try {
      json = JSON.parse(await readFile(jsonFile, 'utf8'))
    } catch (error) {
      skipped.push({ file: where, reason: `not valid JSON (${(error as Error).message})` })
      continue
    }
    let parsed
    try {
      parsed = parseCoco(json, where)
    } catch (error) {
      skipped.push({ file: where, reason: (error as Error).message })
      continue
    }
    if (classNames && classNames.join('\n') !== parsed.classNames.join('\n')) {
      skipped.push({ file: where, reason: `its categories (${parsed.classNames.join(', ')}) differ from the first instances file's (${classNames.join(', ')})` })
      continue
    }
    classNames ??= parsed.classNames
    skipped.push(...problemsToSkipped(parsed.problems, root))
    // instances_train2017.json -> train; instances_val2017.json -> test.
    const hint = /train/i.test(basename(jsonFile)) ? 'train' : /val|test/i.test(basename(jsonFile)) ? 'test' : null
    for (const im of parsed.images.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
      const found = await findCocoImage(root, dirname(jsonFile), im.file, hint)
      if (!found) {
        skipped.push({ file: `${where}: image ${im.id}`, reason: `its file ${im.file} is not under images/, beside the json, or in the root` })
        continue
      }
      images.push({ file: found.path, name: relative(root, found.path), split: found.split, boxes: im.boxes, background: im.boxes.length === 0 })
    }
  }
  if (!classNames) throw new DatasetError(`${root}: no readable COCO instances file (${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')})`, root)
  return { format: 'coco-json', root, classNames, items: assignSplits(images), skipped }
}

/**
 * Scans a detection data set (the format from `detectionFormat`). Image files whose header is not
 * an image are skipped with the reason. Throws a DatasetError when nothing usable is there.
 */
export async function scanDetectionFolder(root: string, format: DetectionFormat): Promise<DetectionScan & { fingerprint: string }> {
  const entries = await listEntries(root)
  const scan = format === 'yolo-txt' ? await scanYolo(root, entries) : await scanCoco(root, entries)
  const hash = createHash('sha256').update(`detection-v1\n${format}\n${scan.classNames.join('\n')}\n`)
  const kept: DetectionItem[] = []
  for (const item of scan.items) {
    const bytes = await readFile(item.file)
    const bad = await probeImage(bytes)
    if (bad) {
      scan.skipped.push({ file: item.name, reason: bad })
      continue
    }
    kept.push(item)
    hash.update(`${item.split}\0${item.name}\0${createHash('sha256').update(bytes).digest('hex')}\0${JSON.stringify(item.boxes)}\n`)
  }
  if (!kept.length) throw new DatasetError(`${root}: no usable images in this ${format === 'yolo-txt' ? 'YOLO' : 'COCO'} data set`, root)
  const train = kept.filter((i) => i.split === 'train')
  const test = kept.filter((i) => i.split === 'test')
  return { ...scan, items: [...train, ...test], fingerprint: hash.digest('hex') }
}

/** Boxes per class and images (with and without boxes) per split. */
export function detectionCounts(scan: Pick<DetectionScan, 'classNames' | 'items'>): {
  counts: Record<Split, Record<string, number>>
  images: Record<Split, { total: number; background: number }>
} {
  const counts: Record<Split, Record<string, number>> = { train: {}, test: {} }
  const images = { train: { total: 0, background: 0 }, test: { total: 0, background: 0 } }
  for (const split of ['train', 'test'] as const) for (const name of scan.classNames) counts[split][name] = 0
  for (const item of scan.items) {
    images[item.split].total++
    if (item.boxes.length === 0) images[item.split].background++
    for (const b of item.boxes) counts[item.split][scan.classNames[b.classId]]++
  }
  return { counts, images }
}
