/**
 * Trains an embedding with the triplet loss: P x K batches of the training images, online
 * semi-hard mining inside each batch, Adam; after each epoch the held-out images' verification
 * metrics (ROC AUC, accuracy at the best threshold, mean distances of positive and negative
 * pairs) with the ROC curve, the distance histograms and a PCA projection; a checkpoint per epoch
 * and resume.
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import { deriveSeed, mulberry32 } from '../../../shared/random'
import type { ImageSplit } from '../../training/classifierLoop'
import { checkpointName } from '../../training/checkpoint'
import { startingPoint } from '../../training/epochs'
import { keepFirstClasses, loadTrainingImages } from '../../training/imageData'
import { createAdam } from '../../training/optimizers'
import type { Trainer, TrainerContext } from '../contract'
import { batchShape, checkBatchSize, indexByClass, pkBatch, stepsPerEpoch } from './batches'
import { TRIPLET_DEFAULT_DATA, type TripletConfig } from './fields'
import { buildEmbeddingNet, checkEmbeddingOptions, embed } from './model'
import { evaluateEmbeddings } from './outputs'
import { semiHardTripletLoss } from './tripletLoss'

/** Images per forward pass when embedding the held-out set. */
const EVAL_BATCH = 128

/** [indices.length, size, size, 3] in [0, 1] from a split's bytes. */
function imageBatch(split: ImageSplit, indices: ArrayLike<number>, size: number): tf.Tensor4D {
  const pixels = size * size * 3
  const x = new Float32Array(indices.length * pixels)
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * pixels
    for (let p = 0; p < pixels; p++) x[i * pixels + p] = split.images[src + p] / 255
  }
  return tf.tensor4d(x, [indices.length, size, size, 3])
}

/** Unit embeddings [n, d] of every image of the split, row-major. */
export async function embedSplit(model: tfl.LayersModel, split: ImageSplit, size: number, dim: number): Promise<Float32Array> {
  const n = split.labels.length
  const out = new Float32Array(n * dim)
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const indices = Array.from({ length: Math.min(EVAL_BATCH, n - start) }, (_, i) => start + i)
    const e = tf.tidy(() => embed(model, imageBatch(split, indices, size)))
    out.set(await e.data(), start * dim)
    e.dispose()
  }
  return out
}

async function validate(ctx: TrainerContext, model: tfl.LayersModel, test: ImageSplit, classNames: string[], c: TripletConfig, seed: number, step: number, epoch: number): Promise<void> {
  const embeddings = await embedSplit(model, test, c.size, c.dim)
  const e = evaluateEmbeddings(embeddings, test.labels, classNames, mulberry32(deriveSeed(seed, 'projection', epoch)))
  ctx.reporter.metric('val_auc', step, epoch, e.auc)
  ctx.reporter.metric('val_accuracy', step, epoch, e.accuracy)
  ctx.reporter.metric('val_threshold', step, epoch, e.threshold)
  ctx.reporter.metric('val_positive_distance', step, epoch, e.meanPositive)
  ctx.reporter.metric('val_negative_distance', step, epoch, e.meanNegative)
  ctx.reporter.sample('roc', step, e.roc)
  ctx.reporter.sample('distances', step, e.histogram)
  ctx.reporter.sample('projection', step, e.projection)
}

export const trainTriplet: Trainer<TripletConfig> = async (job, ctx) => {
  const c = job.config
  const net = { backbone: c.backbone, size: c.size, dim: c.dim, filters: c.filters, seed: job.seed }
  // Refuses a size the backbone cannot take, or too large a batch, before any image is decoded.
  checkEmbeddingOptions(net)
  checkBatchSize(c.classesPerBatch, c.imagesPerClass)

  const limit = (n: number) => (n > 0 ? n : undefined)
  const data = await loadTrainingImages(job.home, job.data ?? TRIPLET_DEFAULT_DATA, { size: c.size, seed: job.seed, limitPerClass: { train: limit(c.trainLimit), test: limit(c.testLimit) } }, ctx)
  const { classes, classNames, train, test } = keepFirstClasses(data, c.classes)
  const index = indexByClass(train.labels, classes)
  const shape = batchShape(index, c.classesPerBatch, c.imagesPerClass, data.info.id)
  const validating = test.labels.length >= 2 && new Set(test.labels).size >= 2
  if (!validating) ctx.reporter.log(`validation skipped: the test split has ${test.labels.length} image(s) of ${new Set(test.labels).size} class(es); verification needs pairs of the same and of different classes`)

  const model = buildEmbeddingNet(net)
  const optimizer = createAdam(c.lr)
  const steps = stepsPerEpoch(train.labels.length, shape)
  const totalSteps = steps * c.epochs
  ctx.reporter.log(
    `model: ${c.backbone} backbone, ${c.dim}-d embedding, ${model.countParams()} parameters; ${classes} classes, ` +
      `${train.labels.length} training and ${test.labels.length} held-out images; batches of ${shape.p} classes x ${shape.k} images, ${steps} steps per epoch`,
  )

  try {
    const { step: resumedStep, firstEpoch } = await startingPoint({ ctx, model, optimizer })
    let step = resumedStep
    ctx.reporter.progress(step, firstEpoch - 1, totalSteps, c.epochs)
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable)
    for (let epoch = firstEpoch; epoch <= c.epochs; epoch++) {
      let lossSum = 0
      let activeSum = 0
      for (let b = 0; b < steps; b++) {
        if (ctx.shouldStop()) return 'cancelled'
        const batch = pkBatch(index, shape, job.seed, epoch, b)
        const [lossT, activeT] = tf.tidy(() => {
          const xs = imageBatch(train, batch.indices, c.size)
          const ys = tf.tensor1d(batch.labels, 'int32')
          const kept: { active?: tf.Scalar } = {}
          const loss = optimizer.minimize(
            () => {
              const r = semiHardTripletLoss(embed(model, xs, true), ys, c.margin)
              kept.active = tf.keep(r.active)
              return r.loss
            },
            true,
            weights,
          )!
          return [loss, kept.active!]
        })
        const [loss, active] = [(await lossT.data())[0], (await activeT.data())[0]]
        tf.dispose([lossT, activeT])
        step += 1
        lossSum += loss
        activeSum += active
        ctx.reporter.metric('loss', step, epoch, loss)
        ctx.reporter.metric('active_triplets', step, epoch, active)
        ctx.reporter.progress(step, epoch, totalSteps, c.epochs)
        // Let IPC messages (cancel, disconnect) in between steps.
        await new Promise((resolve) => setImmediate(resolve))
      }
      ctx.reporter.metric('epoch_loss', step, epoch, lossSum / steps)
      ctx.reporter.metric('epoch_active_triplets', step, epoch, activeSum / steps)
      if (validating) await validate(ctx, model, test, classNames, c, job.seed, step, epoch)
      await ctx.saveCheckpoint(checkpointName(epoch), { model, optimizers: { optimizer } }, { step, epoch })
    }
    return 'completed'
  } finally {
    model.dispose()
    optimizer.dispose()
  }
}
