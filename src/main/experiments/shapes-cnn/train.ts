import { DatasetRegistry } from '../../datasets'
import { runClassifierLoop } from '../../training/classifierLoop'
import type { Trainer } from '../contract'
import { SHAPES_CNN_DEFAULT_DATA, type ShapesCnnConfig } from './fields'
import { buildShapesCnn } from './model'
import { createAdam } from '../../training/optimizers'

export const trainShapesCnn: Trainer<ShapesCnnConfig> = async (job, ctx) => {
  const c = job.config
  const registry = new DatasetRegistry(job.home)
  const data = await registry.load(job.data ?? SHAPES_CNN_DEFAULT_DATA, {
    size: c.size,
    seed: job.seed,
    shapes: { count: c.trainCount + c.testCount, classes: c.classes, testFraction: c.testCount / (c.trainCount + c.testCount) },
    onProgress: (done, total) => {
      // One line per tenth of the files, not one per image.
      if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) ctx.reporter.log(`decoded ${done}/${total} images`)
    },
  })
  if (data.fromCache) ctx.reporter.log('decoded images taken from the cache')
  for (const skipped of data.skipped) ctx.reporter.log(`skipped ${skipped.file}: ${skipped.reason}`)
  ctx.dataset({ id: data.info.id, fingerprint: data.info.fingerprint, source: data.info.source })
  const classes = data.info.classes.length

  const model = buildShapesCnn({ size: c.size, classes, filters: c.filters, seed: job.seed })
  const optimizer = createAdam(c.lr)
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })
  ctx.reporter.log(`model: ${model.countParams()} parameters, ${data.train.labels.length} training and ${data.test.labels.length} test images`)

  try {
    return await runClassifierLoop({
      model,
      optimizer,
      train: data.train,
      test: data.test,
      size: c.size,
      channels: 3,
      classes,
      classNames: data.info.classes,
      epochs: c.epochs,
      batch: c.batch,
      seed: job.seed,
      binary: false,
      ctx,
    })
  } finally {
    model.dispose()
    optimizer.dispose()
  }
}
