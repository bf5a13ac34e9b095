import * as tf from '@tensorflow/tfjs-core'
import { mulberry32, randomInt } from '../../../shared/random'
import { trainOnBatchBench } from '../../training/benchStep'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { ResNetConfig } from './fields'
import { buildResNet, type ResNetName } from './model'

/**
 * Classes a random batch has when the config says 0 ("all of the dataset's"): the default
 * dataset's, Fashion-MNIST's 10. The PyTorch peer's single sigmoid output is classes=2.
 */
export const BENCH_DEFAULT_CLASSES = 10

/**
 * resnet's training step (the model, Adam and the loss of train.ts, one trainOnBatch as the
 * classifier loop does) on random images [batch, size, size, 3] in [0, 1] and random labels:
 * [batch, 1] for two classes (sigmoid + binary cross-entropy), else one-hot [batch, classes].
 */
export const resnetBenchStep: BenchStepFactory<ResNetConfig> = ({ config, seed }) => {
  const c = config
  const classes = c.classes || BENCH_DEFAULT_CLASSES
  const binary = classes === 2
  const model = buildResNet({ model: c.model as ResNetName, shortcut: c.shortcut, size: c.size, classes, seed })
  const optimizer = createAdam(c.lr)
  model.compile({ optimizer, loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] })
  const rng = mulberry32(seed)
  const labels = Int32Array.from({ length: c.batch }, () => randomInt(rng, classes))
  const xs = tf.randomUniform([c.batch, c.size, c.size, 3], 0, 1, 'float32', seed)
  const ys = tf.tidy(() =>
    binary ? tf.tensor2d(Float32Array.from(labels), [c.batch, 1]) : tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32'),
  )
  const description = `${c.model} ${c.shortcut ? 'with' : 'without'} shortcuts, ${model.countParams()} parameters, ${c.size} px, ${classes} classes`
  return trainOnBatchBench({ model, optimizer, xs, ys, description })
}
