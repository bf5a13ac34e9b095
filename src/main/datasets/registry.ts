/**
 * The data sets Benchtop knows: built-ins plus imported folders, each imported one recorded as
 * `<home>/datasets/<id>.json` (its DatasetInfo). Decoded arrays are cached under
 * `<home>/datasets/cache/`. `load` turns an id, built-in name or path into training arrays.
 */
import type { DatasetInfo } from '../../shared/api.js'
import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import {
  BUILTIN_IDS,
  FASHION_MNIST_DIR,
  FASHION_MNIST_ID,
  fashionMnistBase,
  fashionMnistEntry,
  fashionMnistFiles,
  shapesListEntry,
} from './builtins.js'
import { loadDetectionScan, type LoadedDetection } from './detectionData.js'
import { detectionCounts, detectionFormat, scanDetectionFolder, type DetectionFormat, type DetectionScan } from './detectionScan.js'
import { DatasetError } from './errors.js'
import { requireFolder } from './fsEntries.js'
import { loadIdxFolder } from './idxData.js'
import { countByClass, checkLimit } from './selection.js'
import { SHAPES_ID, loadShapes, shapesInfo, shapesSettings } from './shapesData.js'
import { idCandidate, isValidId, slugify } from './slug.js'
import { inspectSource, loadSource, openSource, type Source } from './source.js'
import type { LoadOptions, LoadedArrays, LoadedDataset } from './types.js'

export interface RegistryOptions {
  /** Folder of the Fashion-MNIST IDX files; null hides that built-in. Default FASHION_MNIST_DIR. */
  fashionMnistDir?: string | null
}

const MIN_SIZE = 8
const MAX_SIZE = 1024

function checkLoadOptions(options: LoadOptions): void {
  if (!Number.isInteger(options.size) || options.size < MIN_SIZE || options.size > MAX_SIZE) {
    throw new RangeError(`size must be an integer in ${MIN_SIZE}..${MAX_SIZE}, got ${options.size}`)
  }
  checkLimit('train', options.limitPerClass?.train)
  checkLimit('test', options.limitPerClass?.test)
}

/** Identity of a folder loaded by path without importing it; the rest is filled by the load. */
function unregisteredBase(name: string, source: Source): DatasetInfo {
  return {
    id: slugify(name),
    name,
    kind: 'image-classification',
    origin: 'imported',
    source: source.root,
    format: source.format,
    classes: [],
    counts: { train: {}, test: {} },
    skipped: [],
    fingerprint: '',
    importedAt: null,
  }
}

/** A scanned detection folder as a data set's info, less its id and import time. */
function describeDetection(name: string, root: string, format: DetectionFormat, scan: DetectionScan & { fingerprint: string }): Omit<DatasetInfo, 'id' | 'importedAt'> {
  const { counts, images } = detectionCounts(scan)
  return { name, kind: 'detection', origin: 'imported', source: root, format, classes: scan.classNames, counts, images, skipped: scan.skipped, fingerprint: scan.fingerprint }
}

/** The info of a load: `base` identifies the data set, the rest describes exactly the arrays. */
function describeLoad(base: DatasetInfo, data: LoadedArrays): DatasetInfo {
  return {
    ...base,
    classes: data.classes,
    counts: { train: countByClass(data.train.labels, data.classes), test: countByClass(data.test.labels, data.classes) },
    skipped: data.skipped,
    fingerprint: data.fingerprint,
  }
}

export class DatasetRegistry {
  /** `<home>/datasets`: one `<id>.json` per imported data set. */
  readonly dir: string
  readonly cacheDir: string
  private readonly fashionDir: string | null

  constructor(home: string, options: RegistryOptions = {}) {
    this.dir = join(home, 'datasets')
    this.cacheDir = join(this.dir, 'cache')
    this.fashionDir = options.fashionMnistDir === undefined ? FASHION_MNIST_DIR : options.fashionMnistDir
  }

  /** Built-ins first, then imported data sets by id; an unreadable record has `problem` set. */
  async list(): Promise<DatasetInfo[]> {
    const builtins = [shapesListEntry()]
    const fashion = await fashionMnistFiles(this.fashionDir)
    if (fashion && this.fashionDir) builtins.push(await fashionMnistEntry(this.fashionDir, fashion))
    let names: string[] = []
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort()
    } catch {
      // No datasets folder yet: nothing imported.
    }
    // A record that cannot be read is listed with its problem (never silently left out); it cannot be used.
    const imported = await Promise.all(names.map((n) => this.readRecordOrProblem(n.slice(0, -'.json'.length))))
    return [...builtins, ...imported]
  }

  /** The record of an imported data set, or null. */
  async get(id: string): Promise<DatasetInfo | null> {
    return isValidId(id) ? this.readRecord(id) : null
  }

  /** Scans `path`, fingerprints its files and records it under a new unique id. */
  async import(path: string, name?: string): Promise<DatasetInfo> {
    const detection = await this.importDetection(path, name)
    if (detection) return detection
    const source = await openSource(path)
    const displayName = name?.trim() || basename(source.root)
    const summary = await inspectSource(source).catch((error: unknown) => {
      throw error instanceof DatasetError ? new DatasetError(`cannot import "${displayName}": ${error.message}`, error.path) : error
    })
    const base: Omit<DatasetInfo, 'id'> = {
      name: displayName,
      kind: 'image-classification',
      origin: 'imported',
      source: source.root,
      format: source.format,
      ...summary,
      importedAt: new Date().toISOString(),
    }
    return this.record(slugify(displayName), base)
  }

  /** A YOLO txt or COCO JSON folder recorded as a detection data set; null when `path` is neither. */
  private async importDetection(path: string, name?: string): Promise<DatasetInfo | null> {
    const root = await requireFolder(path).catch(() => null)
    const format = root ? await detectionFormat(root) : null
    if (!root || !format) return null
    const displayName = name?.trim() || basename(root)
    const scan = await scanDetectionFolder(root, format).catch((error: unknown) => {
      throw error instanceof DatasetError ? new DatasetError(`cannot import "${displayName}": ${error.message}`, error.path) : error
    })
    return this.record(slugify(displayName), { ...describeDetection(displayName, root, format, scan), importedAt: new Date().toISOString() })
  }

  /**
   * Decodes a detection data set (an imported id or a YOLO / COCO folder path) at size x size;
   * `limit` keeps the first N images of each split. Bad labels and images are in `skipped`.
   */
  async loadDetection(idOrPath: string, o: { size: number; limit?: number; onProgress?: (done: number, total: number) => void }): Promise<LoadedDetection & { info: DatasetInfo }> {
    checkLoadOptions({ size: o.size })
    const record = await this.get(idOrPath)
    if (record && record.kind !== 'detection') throw new DatasetError(`data set "${record.id}" holds labelled images for classification, not boxes: a detector needs a YOLO txt or COCO JSON data set`, record.source)
    const root = await requireFolder(record?.source ?? idOrPath).catch((error: unknown) => {
      if (!record && error instanceof DatasetError && isValidId(idOrPath)) throw new DatasetError(`unknown detection data set "${idOrPath}": not an imported id, and ${error.message}`, error.path)
      throw error
    })
    const format = await detectionFormat(root)
    if (!format) throw new DatasetError(`${root}: not a detection data set (expected images/ and labels/ with classes.txt or data.yaml, or an instances_*.json)`, root)
    const scan = await scanDetectionFolder(root, format)
    const loaded = await loadDetectionScan(scan, o)
    const info: DatasetInfo = record ?? { id: slugify(basename(root)), ...describeDetection(basename(root), root, format, scan), importedAt: null }
    return { ...loaded, info }
  }

  /** Forgets an imported data set (its files and cached arrays stay where they are). */
  async remove(id: string): Promise<void> {
    if (BUILTIN_IDS.includes(id)) throw new DatasetError(`${id} is built in and cannot be removed`, id)
    const file = join(this.dir, `${id}.json`)
    if (!isValidId(id) || (await this.readRecord(id)) === null) {
      throw new DatasetError(`no imported data set with id "${id}"`, file)
    }
    await rm(file)
  }

  /**
   * Loads a built-in (`shapes`, `fashion-mnist`), an imported id, or a folder path (read in
   * place, not registered). Bad files end up in `skipped`; only an unusable source throws.
   */
  async load(idOrPath: string, options: LoadOptions): Promise<LoadedDataset> {
    checkLoadOptions(options)
    const { size } = options
    if (idOrPath === SHAPES_ID) {
      const settings = shapesSettings(options)
      const data = loadShapes(settings, options.limitPerClass)
      const total = data.train.labels.length + data.test.labels.length
      options.onProgress?.(total, total)
      return { info: shapesInfo(settings, data), size, train: data.train, test: data.test, skipped: [], fromCache: false }
    }
    if (idOrPath === FASHION_MNIST_ID) return this.loadFashionMnist(options)
    const record = await this.get(idOrPath)
    if (record?.kind === 'detection') throw new DatasetError(`data set "${record.id}" is a detection data set (boxes, ${record.format}): train a detector (yolo) on it, not an image classifier`, record.source)
    const { base, source } = await this.openForLoad(idOrPath)
    const data = await loadSource(source, options, this.cacheDir).catch((error: unknown) => {
      throw error instanceof DatasetError && base.importedAt !== null
        ? new DatasetError(`data set "${base.id}": ${error.message}`, error.path)
        : error
    })
    const info = describeLoad({ ...base, format: source.format, source: source.root }, data)
    return { info, size, train: data.train, test: data.test, skipped: data.skipped, fromCache: data.fromCache === true }
  }

  private async loadFashionMnist(options: LoadOptions): Promise<LoadedDataset> {
    const dir = this.fashionDir
    const files = await fashionMnistFiles(dir)
    if (dir === null || files === null) {
      const where = dir ?? FASHION_MNIST_DIR
      throw new DatasetError(`fashion-mnist is not installed: no IDX files in ${where} (Debian package dataset-fashion-mnist)`, where)
    }
    const data = await loadIdxFolder(dir, files, options)
    const info = describeLoad(fashionMnistBase(dir), data)
    return { info, size: options.size, train: data.train, test: data.test, skipped: data.skipped, fromCache: false }
  }

  /** The source behind an imported id or a path, with the info that identifies it. */
  private async openForLoad(idOrPath: string): Promise<{ base: DatasetInfo; source: Source }> {
    const record = await this.get(idOrPath)
    if (record) {
      try {
        return { base: record, source: await openSource(record.source) }
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error
        throw new DatasetError(`data set "${record.id}": ${error.message}`, error.path)
      }
    }
    let source: Source
    try {
      source = await openSource(idOrPath)
    } catch (error) {
      // A bare word that is neither an id nor a folder: say what was looked for.
      if (error instanceof DatasetError && isValidId(idOrPath) && error.message.startsWith('no such file')) {
        const builtins = [SHAPES_ID, ...((await fashionMnistFiles(this.fashionDir)) ? [FASHION_MNIST_ID] : [])]
        const detail = `not a built-in (${builtins.join(', ')}), not an imported id, and ${error.message}`
        throw new DatasetError(`unknown data set "${idOrPath}": ${detail}`, error.path)
      }
      throw error
    }
    const name = basename(source.root)
    return { base: unregisteredBase(name, source), source }
  }

  private async readRecord(id: string): Promise<DatasetInfo | null> {
    const info = await this.readRecordOrProblem(id)
    return info.problem === undefined ? info : null
  }

  /** The record, or a stand-in that says which file is wrong and how (`problem`). */
  private async readRecordOrProblem(id: string): Promise<DatasetInfo> {
    const file = join(this.dir, `${id}.json`)
    let problem: string
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
      problem = recordProblem(parsed, id)
      if (!problem) return parsed as DatasetInfo
    } catch (error) {
      problem = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message
    }
    return {
      id,
      name: id,
      kind: 'image-classification',
      origin: 'imported',
      source: file,
      format: 'class-folders',
      classes: [],
      counts: { train: {}, test: {} },
      skipped: [],
      fingerprint: '',
      importedAt: null,
      problem: `${file}: ${problem}`,
    }
  }

  /**
   * Writes `<id>.json` under the first free id. The record is written to a temporary file and
   * hard-linked into place: the link fails if the id was taken meanwhile (another import), and
   * readers never see a half-written record.
   */
  private async record(baseId: string, info: Omit<DatasetInfo, 'id'>): Promise<DatasetInfo> {
    await mkdir(this.dir, { recursive: true })
    for (let attempt = 1; ; attempt++) {
      const id = idCandidate(baseId, attempt)
      if (BUILTIN_IDS.includes(id)) continue
      const full: DatasetInfo = { id, ...info }
      const tmp = join(this.dir, `.${id}.${randomBytes(4).toString('hex')}.tmp`)
      await writeFile(tmp, JSON.stringify(full, null, 2) + '\n')
      try {
        await link(tmp, join(this.dir, `${id}.json`))
        return full
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      } finally {
        await rm(tmp, { force: true })
      }
    }
  }
}

/** What is wrong with a parsed dataset record, or '' when it can be used. */
function recordProblem(parsed: unknown, id: string): string {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object'
  const info = parsed as Partial<DatasetInfo>
  if (info.id !== id) return `its id ${JSON.stringify(info.id)} does not match the file name`
  if (typeof info.source !== 'string') return 'it has no source folder'
  if (!Array.isArray(info.classes) || typeof info.counts !== 'object' || info.counts === null || !Array.isArray(info.skipped)) {
    return 'it lacks classes, counts or skipped files'
  }
  return ''
}
