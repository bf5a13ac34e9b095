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
import { DatasetError } from './errors.js'
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

  /** Built-ins first, then imported data sets by id. Unreadable records are left out. */
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
    const imported = await Promise.all(names.map((n) => this.readRecord(n.slice(0, -'.json'.length))))
    return [...builtins, ...imported.filter((info): info is DatasetInfo => info !== null)]
  }

  /** The record of an imported data set, or null. */
  async get(id: string): Promise<DatasetInfo | null> {
    return isValidId(id) ? this.readRecord(id) : null
  }

  /** Scans `path`, fingerprints its files and records it under a new unique id. */
  async import(path: string, name?: string): Promise<DatasetInfo> {
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
    try {
      const info = JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')) as DatasetInfo
      return info && info.id === id && typeof info.source === 'string' ? info : null
    } catch {
      return null
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
