/**
 * Image datasets as the image trainers (shapes-cnn, resnet, triplet) load them: decoding progress,
 * the decode cache and skipped files in the run's log, the dataset recorded on the run; and the
 * first k classes of what was loaded.
 */
import { DatasetRegistry, type LoadedDataset, type LoadOptions } from '../datasets'
import type { TrainerContext } from '../experiments/contract'
import type { ImageSplit } from './classifierLoop'

/** Loads `idOrPath` from the datasets under `home`, reporting on the run as it goes. */
export async function loadTrainingImages(home: string, idOrPath: string, options: Omit<LoadOptions, 'onProgress'>, ctx: TrainerContext): Promise<LoadedDataset> {
  const data = await new DatasetRegistry(home).load(idOrPath, {
    ...options,
    onProgress: (done, total) => {
      // One line per tenth of the files, not one per image.
      if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) ctx.reporter.log(`decoded ${done}/${total} images`)
    },
  })
  if (data.fromCache) ctx.reporter.log('decoded images taken from the cache')
  for (const skipped of data.skipped) ctx.reporter.log(`skipped ${skipped.file}: ${skipped.reason}`)
  ctx.dataset({ id: data.info.id, fingerprint: data.info.fingerprint, source: data.info.source })
  return data
}

/** How many classes a run uses: `requested` (0 = all) checked against what the dataset has. */
export function chooseClasses(requested: number, available: number, dataset: string): number {
  if (requested === 0) return available
  if (requested > available) throw new Error(`classes=${requested}, but dataset ${dataset} has only ${available} classes`)
  return requested
}

/** Keeps the items of the first `k` classes (labels stay 0..k-1, as they are ordered by class index). */
export function firstClasses(split: ImageSplit, k: number, pixels: number): ImageSplit {
  const keep: number[] = []
  split.labels.forEach((label, i) => {
    if (label < k) keep.push(i)
  })
  const images = new Uint8Array(keep.length * pixels)
  keep.forEach((src, i) => images.set(split.images.subarray(src * pixels, (src + 1) * pixels), i * pixels))
  return { images, labels: Int32Array.from(keep, (i) => split.labels[i]) }
}

export interface ClassSubset {
  classes: number
  classNames: string[]
  train: ImageSplit
  test: ImageSplit
}

/** The loaded dataset cut to its first `requested` classes (0 = all), RGB images of side `data.size`. */
export function keepFirstClasses(data: LoadedDataset, requested: number): ClassSubset {
  const available = data.info.classes.length
  const classes = chooseClasses(requested, available, data.info.id)
  const pixels = data.size * data.size * 3
  const all = classes === available
  return {
    classes,
    classNames: data.info.classes.slice(0, classes),
    train: all ? data.train : firstClasses(data.train, classes, pixels),
    test: all ? data.test : firstClasses(data.test, classes, pixels),
  }
}
