import * as tf from '@tensorflow/tfjs-core'
import { minimizeBench } from '../../training/benchStep'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { TripletConfig } from './fields'
import { buildEmbeddingNet, embed } from './model'
import { semiHardTripletLoss } from './tripletLoss'

/**
 * triplet's training step (the network, Adam and the semi-hard triplet loss of train.ts) on one
 * random P x K batch: images [p * k, size, size, 3], labels p classes of k images each.
 */
export const tripletBenchStep: BenchStepFactory<TripletConfig> = ({ config, seed }) => {
  const c = config
  const model = buildEmbeddingNet({ backbone: c.backbone, size: c.size, dim: c.dim, filters: c.filters, seed })
  const optimizer = createAdam(c.lr)
  const n = c.classesPerBatch * c.imagesPerClass
  const xs = tf.randomUniform([n, c.size, c.size, 3], 0, 1, 'float32', seed) as tf.Tensor4D
  const ys = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => Math.floor(i / c.imagesPerClass)), 'int32')
  const description = `triplet ${c.backbone}, ${model.countParams()} parameters, ${c.size} px, ${c.classesPerBatch} x ${c.imagesPerClass} images`
  return minimizeBench({ model, optimizer, xs, ys, description }, () => semiHardTripletLoss(embed(model, xs, true), ys, c.margin).loss)
}
