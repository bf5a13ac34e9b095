/** The built-in `shapes` data set: train and test splits generated from one seed. */
import type { DatasetInfo } from '../../shared/api.js'
import { deriveSeed } from '../../shared/random.js'
import { arraysFingerprint } from './fingerprint.js'
import { gatherRows, countByClass, firstOfEachClass, range } from './selection.js'
import { SHAPE_NAMES } from './shapeGeometry.js'
import { DEFAULT_SHAPES_NOISE, generateShapes } from './shapes.js'
import type { ImageSet, LoadOptions, LoadedArrays, ShapesLoadOptions } from './types.js'

export const SHAPES_ID = 'shapes'
export const SHAPES_DEFAULTS: Required<ShapesLoadOptions> = { count: 2000, classes: 3, testFraction: 0.2, noise: DEFAULT_SHAPES_NOISE }
/** Size and seed used to describe `shapes` in the data set list. */
export const SHAPES_LIST_SIZE = 32
export const SHAPES_LIST_SEED = 0

export interface ShapesSettings extends Required<ShapesLoadOptions> {
  seed: number
  size: number
}

export function shapesSettings(options: LoadOptions): ShapesSettings {
  const settings = { ...SHAPES_DEFAULTS, ...options.shapes, seed: options.seed ?? 0, size: options.size }
  if (!(settings.testFraction >= 0 && settings.testFraction < 1)) {
    throw new RangeError(`shapes: testFraction must be in [0, 1), got ${settings.testFraction}`)
  }
  return settings
}

/** The generator settings as text: DatasetInfo.source of a shapes load. */
export function describeShapes(s: ShapesSettings): string {
  return `generator shapes: count=${s.count} classes=${s.classes} testFraction=${s.testFraction} noise=${s.noise} seed=${s.seed} size=${s.size}`
}

export function loadShapes(s: ShapesSettings, limitPerClass: LoadOptions['limitPerClass'] = {}): LoadedArrays {
  const testCount = Math.round(s.count * s.testFraction)
  const split = (name: 'train' | 'test', count: number, limit: number | undefined): ImageSet => {
    // Each split has its own stream, so changing testFraction does not reshuffle the other.
    const seed = deriveSeed(s.seed, SHAPES_ID, name)
    const { images, labels } = generateShapes({ count, size: s.size, classes: s.classes, noise: s.noise, seed })
    if (limit === undefined) return { images, labels }
    const keep = firstOfEachClass(range(count), (i) => labels[i], limit)
    return { images: gatherRows(images, s.size * s.size * 3, keep), labels: Int32Array.from(keep, (i) => labels[i]) }
  }
  const train = split('train', s.count - testCount, limitPerClass.train)
  const test = split('test', testCount, limitPerClass.test)
  return {
    classes: SHAPE_NAMES.slice(0, s.classes),
    train,
    test,
    skipped: [],
    fingerprint: arraysFingerprint('benchtop-shapes-v1', train.images, train.labels, test.images, test.labels),
  }
}

export function shapesInfo(s: ShapesSettings, data: LoadedArrays): DatasetInfo {
  return {
    id: SHAPES_ID,
    name: 'Shapes (synthetic)',
    kind: 'image-classification',
    origin: 'builtin',
    source: describeShapes(s),
    format: 'generator',
    classes: data.classes,
    counts: { train: countByClass(data.train.labels, data.classes), test: countByClass(data.test.labels, data.classes) },
    skipped: [],
    fingerprint: data.fingerprint,
    importedAt: null,
  }
}
