import { runClassifierLoop } from '../../training/classifierLoop'
import type { Trainer } from '../contract'
import { SHAPES_CNN_DEFAULT_DATA, type ShapesCnnConfig } from './fields'
import { buildShapesCnn } from './model'
import { loadTrainingImages } from '../../training/imageData'
import { createAdam } from '../../training/optimizers'

export const trainShapesCnn: Trainer<ShapesCnnConfig> = async (job, ctx) => {
  const c = job.config
  const data = await loadTrainingImages(
    job.home,
    job.data ?? SHAPES_CNN_DEFAULT_DATA,
    { size: c.size, seed: job.seed, shapes: { count: c.trainCount + c.testCount, classes: c.classes, testFraction: c.testCount / (c.trainCount + c.testCount) } },
    ctx,
  )
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
