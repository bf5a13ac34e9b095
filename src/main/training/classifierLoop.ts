/**
 * The training loop shared by the image classifiers: per-epoch shuffling from the run's seed,
 * one `trainOnBatch` per step, validation after each epoch, a checkpoint per epoch, and resume.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { LayersModel } from '@tensorflow/tfjs-layers'
import type { TrainerContext } from '../experiments/contract'
import { checkpointName } from './checkpoint'
import { epochOrder, startingPoint } from './epochs'
import { writePredictionsOutput } from './predictionOutput'

/** Images [n, size, size, channels] as bytes, labels [n] as class indices. */
export interface ImageSplit {
  images: Uint8Array
  labels: Int32Array
}

export interface ClassifierLoopOptions {
  model: LayersModel
  optimizer: tf.Optimizer
  train: ImageSplit
  test: ImageSplit
  size: number
  channels: number
  classes: number
  classNames: string[]
  epochs: number
  batch: number
  seed: number
  /** Binary models have one sigmoid output; otherwise softmax over `classes`. */
  binary: boolean
  /** Checkpoints, resume, cancel and reporting (training/context.ts). */
  ctx: TrainerContext
}

/** Builds an input batch [b, size, size, c] in [0, 1] and its targets. */
function makeBatch(split: ImageSplit, indices: Int32Array, o: ClassifierLoopOptions): [tf.Tensor4D, tf.Tensor2D] {
  const pixels = o.size * o.size * o.channels
  const x = new Float32Array(indices.length * pixels)
  const labels = new Int32Array(indices.length)
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * pixels
    for (let p = 0; p < pixels; p++) x[i * pixels + p] = split.images[src + p] / 255
    labels[i] = split.labels[indices[i]]
  }
  const xs = tf.tensor4d(x, [indices.length, o.size, o.size, o.channels])
  const ys = o.binary
    ? tf.tensor2d(Float32Array.from(labels), [indices.length, 1])
    : (tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), o.classes), 'float32') as tf.Tensor2D)
  return [xs, ys]
}

function predictedClasses(probabilities: tf.Tensor, binary: boolean): tf.Tensor1D {
  return tf.tidy(() =>
    binary
      ? (tf.cast(tf.greater(tf.reshape(probabilities, [-1]), 0.5), 'int32') as tf.Tensor1D)
      : (tf.argMax(probabilities, -1) as tf.Tensor1D),
  )
}

/** Sum over the batch of the cross-entropy of probabilities `probs` [b, k] against targets `ys` [b, k]. */
function summedCrossEntropy(ys: tf.Tensor, probs: tf.Tensor, binary: boolean): tf.Tensor {
  const eps = 1e-7
  const p = tf.clipByValue(probs, eps, 1 - eps)
  const ce = binary
    ? tf.neg(tf.add(tf.mul(ys, tf.log(p)), tf.mul(tf.sub(1, ys), tf.log(tf.sub(1, p)))))
    : tf.neg(tf.mul(ys, tf.log(p)))
  return tf.sum(ce)
}

interface Evaluation {
  loss: number
  accuracy: number
  /** confusion[actual][predicted] */
  confusion: number[][]
  predictions: Int32Array
}

async function evaluate(o: ClassifierLoopOptions): Promise<Evaluation> {
  const n = o.test.labels.length
  const confusion = Array.from({ length: o.classes }, () => new Array<number>(o.classes).fill(0))
  const predictions = new Int32Array(n)
  let lossSum = 0
  for (let start = 0; start < n; start += o.batch) {
    const indices = Int32Array.from({ length: Math.min(o.batch, n - start) }, (_, i) => start + i)
    const [lossT, predT] = tf.tidy(() => {
      const [xs, ys] = makeBatch(o.test, indices, o)
      const probs = o.model.predict(xs) as tf.Tensor
      const loss = summedCrossEntropy(ys, probs, o.binary)
      return [loss, predictedClasses(probs, o.binary)]
    })
    lossSum += (await lossT.data())[0]
    const pred = (await predT.data()) as Int32Array
    tf.dispose([lossT, predT])
    pred.forEach((p, i) => {
      predictions[start + i] = p
      confusion[o.test.labels[start + i]][p] += 1
    })
  }
  const correct = confusion.reduce((sum, row, i) => sum + row[i], 0)
  return { loss: lossSum / n, accuracy: correct / n, confusion, predictions }
}

/** Said once per run when there are no test images: no val_* metric is written rather than a made-up 0. */
export const NO_VALIDATION_MESSAGE =
  'validation skipped: the test split has 0 images, so val_loss, val_accuracy and the confusion matrix are not computed'

/** Runs the epochs still to do; returns 'cancelled' when asked to stop between steps. */
export async function runClassifierLoop(o: ClassifierLoopOptions): Promise<'completed' | 'cancelled'> {
  const n = o.train.labels.length
  if (n === 0) throw new Error('cannot train: the training split has 0 images')
  const validate = o.test.labels.length > 0
  if (!validate) o.ctx.reporter.log(NO_VALIDATION_MESSAGE)
  const stepsPerEpoch = Math.ceil(n / o.batch)
  const totalSteps = stepsPerEpoch * o.epochs
  const { step: resumedStep, firstEpoch } = await startingPoint(o)
  const reporter = o.ctx.reporter
  let step = resumedStep
  reporter.progress(step, firstEpoch - 1, totalSteps, o.epochs)

  for (let epoch = firstEpoch; epoch <= o.epochs; epoch++) {
    const order = epochOrder(o.seed, epoch, n)
    let lossSum = 0
    let correctSum = 0
    for (let start = 0; start < n; start += o.batch) {
      if (o.ctx.shouldStop()) return 'cancelled'
      const indices = order.subarray(start, Math.min(start + o.batch, n))
      const [xs, ys] = tf.tidy(() => makeBatch(o.train, indices, o))
      const result = (await o.model.trainOnBatch(xs, ys)) as number[]
      tf.dispose([xs, ys])
      const [loss, accuracy] = result
      step += 1
      lossSum += loss * indices.length
      correctSum += accuracy * indices.length
      reporter.metric('loss', step, epoch, loss)
      reporter.metric('accuracy', step, epoch, accuracy)
      reporter.progress(step, epoch, totalSteps, o.epochs)
      // Let IPC messages (cancel, disconnect) in between steps.
      await new Promise((resolve) => setImmediate(resolve))
    }
    reporter.metric('epoch_loss', step, epoch, lossSum / n)
    reporter.metric('epoch_accuracy', step, epoch, correctSum / n)
    if (validate) await validateEpoch(o, step, epoch)
    await o.ctx.saveCheckpoint(checkpointName(epoch), { model: o.model, optimizers: { optimizer: o.optimizer } }, { step, epoch })
  }
  return 'completed'
}

/** Reports validation metrics and samples after an epoch; only called with at least one test image. */
async function validateEpoch(o: ClassifierLoopOptions, step: number, epoch: number): Promise<void> {
  const reporter = o.ctx.reporter
  const evaluation = await evaluate(o)
  reporter.metric('val_loss', step, epoch, evaluation.loss)
  reporter.metric('val_accuracy', step, epoch, evaluation.accuracy)
  reporter.sample('confusion', step, { classNames: o.classNames, matrix: evaluation.confusion })
  await writePredictionsOutput(o.ctx, {
    images: o.test.images,
    labels: o.test.labels,
    size: o.size,
    channels: o.channels,
    classNames: o.classNames,
    predicted: evaluation.predictions,
    step,
    epoch,
  })
}
