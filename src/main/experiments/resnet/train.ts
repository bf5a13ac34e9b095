import { runClassifierLoop } from '../../training/classifierLoop'
import type { Trainer } from '../contract'
import { RESNET_DEFAULT_DATA, type ResNetConfig } from './fields'
import { buildResNet, describeResNet } from './model'
import { createAdam } from '../../training/optimizers'
import { keepFirstClasses, loadTrainingImages } from '../../training/imageData'

export const trainResNet: Trainer<ResNetConfig> = async (job, ctx) => {
  const c = job.config
  // Refuses a too-small size (or a bad model) before any image is decoded.
  describeResNet({ model: c.model, shortcut: c.shortcut, size: c.size, classes: Math.max(c.classes, 2), seed: job.seed })

  const limit = (n: number) => (n > 0 ? n : undefined)
  const data = await loadTrainingImages(job.home, job.data ?? RESNET_DEFAULT_DATA, { size: c.size, seed: job.seed, limitPerClass: { train: limit(c.trainLimit), test: limit(c.testLimit) } }, ctx)
  const { classes, classNames, train, test } = keepFirstClasses(data, c.classes)
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
