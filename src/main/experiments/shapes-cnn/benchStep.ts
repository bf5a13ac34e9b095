import * as tf from '@tensorflow/tfjs-core'
import { mulberry32, randomInt } from '../../../shared/random'
import { trainOnBatchBench } from '../../training/benchStep'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { ShapesCnnConfig } from './fields'
import { buildShapesCnn } from './model'

/**
 * shapes-cnn's training step (the model, Adam and the loss of train.ts, one trainOnBatch as the
 * classifier loop does) on random images [batch, size, size, 3] and one-hot labels [batch, classes].
 */
export const shapesCnnBenchStep: BenchStepFactory<ShapesCnnConfig> = ({ config, seed }) => {
  const c = config
  const model = buildShapesCnn({ size: c.size, classes: c.classes, filters: c.filters, seed })
  const optimizer = createAdam(c.lr)
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })
  const rng = mulberry32(seed)
  const xs = tf.randomUniform([c.batch, c.size, c.size, 3], 0, 1, 'float32', seed)
  const labels = Int32Array.from({ length: c.batch }, () => randomInt(rng, c.classes))
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), c.classes), 'float32'))
  return trainOnBatchBench({ model, optimizer, xs, ys, description: `shapes-cnn, ${model.countParams()} parameters, ${c.size} px` })
}
