import { DatasetRegistry } from '../../datasets'
import type { ImageSplit } from '../../training/classifierLoop'
import { runClassifierLoop } from '../../training/classifierLoop'
import type { Trainer } from '../contract'
import { chooseClasses, RESNET_DEFAULT_DATA, type ResNetConfig } from './fields'
import { buildResNet, describeResNet } from './model'
import { createAdam } from '../../training/optimizers'

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

export { chooseClasses }

export const trainResNet: Trainer<ResNetConfig> = async (job, ctx) => {
  const c = job.config
  // Refuses a too-small size (or a bad model) before any image is decoded.
  describeResNet({ model: c.model, shortcut: c.shortcut, size: c.size, classes: Math.max(c.classes, 2), seed: job.seed })

  const registry = new DatasetRegistry(job.home)
  const limit = (n: number) => (n > 0 ? n : undefined)
  const data = await registry.load(job.data ?? RESNET_DEFAULT_DATA, {
    size: c.size,
    seed: job.seed,
    limitPerClass: { train: limit(c.trainLimit), test: limit(c.testLimit) },
    onProgress: (done, total) => {
      if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) ctx.reporter.log(`decoded ${done}/${total} images`)
    },
  })
  if (data.fromCache) ctx.reporter.log('decoded images taken from the cache')
  for (const skipped of data.skipped) ctx.reporter.log(`skipped ${skipped.file}: ${skipped.reason}`)
  ctx.dataset({ id: data.info.id, fingerprint: data.info.fingerprint, source: data.info.source })

  const classes = chooseClasses(c.classes, data.info.classes.length, data.info.id)
  const pixels = c.size * c.size * 3
  const train = classes < data.info.classes.length ? firstClasses(data.train, classes, pixels) : data.train
  const test = classes < data.info.classes.length ? firstClasses(data.test, classes, pixels) : data.test
  const classNames = data.info.classes.slice(0, classes)
  if (train.labels.length === 0) throw new Error(`no training images in ${data.info.id} for classes ${classNames.join(', ')}`)

  const options = { model: c.model, shortcut: c.shortcut, size: c.size, classes, seed: job.seed, bnMomentum: c.bnMomentum }
  const description = describeResNet(options)
  ctx.reporter.sample('model', 0, description)
  const binary = classes === 2
  const model = buildResNet(options)
  const optimizer = createAdam(c.lr)
  model.compile({ optimizer, loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] })
  ctx.reporter.log(
    `model: ${c.model} ${c.shortcut ? 'with' : 'without'} shortcuts, ${model.countParams()} parameters; ` +
      `${classes} classes (${classNames.join(', ')}), ${train.labels.length} training and ${test.labels.length} test images`,
  )

  try {
    return await runClassifierLoop({
      model,
      optimizer,
      train,
      test,
      size: c.size,
      channels: 3,
      classes,
      classNames,
      epochs: c.epochs,
      batch: c.batch,
      seed: job.seed,
      binary,
      ctx,
    })
  } finally {
    model.dispose()
    optimizer.dispose()
  }
}
