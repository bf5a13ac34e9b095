import * as tf from '@tensorflow/tfjs-core'
import { minimizeBench } from '../../training/benchStep'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { YoloConfig } from './fields'
import { yoloLoss } from './loss'
import { buildYolo } from './model'

/** yolo's training step (model, loss, Adam of train.ts) on random images and random targets. */
export const yoloBenchStep: BenchStepFactory<YoloConfig> = ({ config: c, seed }) => {
  const classes = 3
  const model = buildYolo({ size: c.size, grid: c.grid, anchors: c.anchors, classes, width: c.width, seed })
  const optimizer = createAdam(c.lr)
  const xs = tf.randomUniform([c.batch, c.size, c.size, 3], 0, 1, 'float32', seed)
  const ys = tf.tidy(() => tf.round(tf.randomUniform([c.batch, c.grid, c.grid, c.anchors, 5 + classes], 0, 1, 'float32', seed + 1)))
  const weights = { coord: c.coordWeight, noObject: c.noObjectWeight, classes: c.classWeight }
  const description = `yolo, ${model.countParams()} parameters, ${c.size} px, grid ${c.grid}x${c.grid}x${c.anchors}`
  return minimizeBench({ model, optimizer, xs, ys, description }, () => yoloLoss(model.apply(xs, { training: true }) as tf.Tensor4D, ys, c.anchors, classes, weights).total)
}
