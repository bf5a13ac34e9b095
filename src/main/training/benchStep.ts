/**
 * The bench step of an experiment that trains one Keras model on one fixed random batch
 * (resnet, shapes-cnn, triplet, yolo): each call is one optimiser step on that batch, read back
 * before it resolves; dispose frees the batch, the model and the optimiser.
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { BenchStep } from '../experiments/contract'

export interface BenchBatch {
  model: tfl.LayersModel
  optimizer: tf.Optimizer
  /** The random inputs and targets every step trains on. */
  xs: tf.Tensor
  ys: tf.Tensor
  /** What is being trained, in a few words (BenchStep.description). */
  description: string
}

function disposeBench(b: BenchBatch): void {
  tf.dispose([b.xs, b.ys])
  b.model.dispose()
  b.optimizer.dispose()
}

/** A compiled model's step: one trainOnBatch(xs, ys), as the classifier loop does. */
export function trainOnBatchBench(b: BenchBatch): BenchStep {
  return {
    description: b.description,
    step: async () => {
      await b.model.trainOnBatch(b.xs, b.ys)
    },
    dispose: () => disposeBench(b),
  }
}

/** A custom loss's step: `optimizer.minimize(loss)` over the model's trainable weights. */
export function minimizeBench(b: BenchBatch, loss: () => tf.Scalar): BenchStep {
  const variables = b.model.trainableWeights.map((w) => w.read() as tf.Variable)
  return {
    description: b.description,
    step: async () => {
      const value = b.optimizer.minimize(loss, true, variables)!
      await value.data()
      value.dispose()
    },
    dispose: () => disposeBench(b),
  }
}
