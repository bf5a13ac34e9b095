/**
 * Trains the YOLO-style detector on built-in synthetic scenes: Adam on the YOLO loss (its rate
 * warmed up, then constant or cosine-decayed: learningRate.ts; half the scenes mirrored), per-step
 * loss parts, per-epoch mAP on held-out scenes with per-class AP and precision-recall curves,
 * validation pictures with true and predicted boxes, a checkpoint per epoch and resume.
 */
import * as tf from '@tensorflow/tfjs-core'
import { checkpointName } from '../../training/checkpoint'
import { epochOrder, startingPoint } from '../../training/epochs'
import { createAdam } from '../../training/optimizers'
import type { Trainer } from '../contract'
import { DatasetRegistry } from '../../datasets'
import { detectorData, type DetectionSource } from './data'
import { mirrored, mirrorScene } from './augment'
import { evaluateDetector } from './evaluate'
import { learningRateAt } from './learningRate'
import type { YoloConfig } from './fields'
import { yoloLoss } from './loss'
import { buildYolo } from './model'
import { detectionPicture } from './picture'
import { slotSize } from './targets'

/** Validation images drawn per epoch. */
const PICTURES = 4

export const trainYolo: Trainer<YoloConfig> = async (job, ctx) => {
  const c = job.config
  let source: DetectionSource | undefined
  if (job.data) {
    // An imported YOLO txt / COCO JSON data set (or such a folder's path), decoded at size x size.
    const loaded = await new DatasetRegistry(job.home).loadDetection(job.data, { size: c.size })
    if (!loaded.train.names.length || !loaded.test.names.length) throw new Error(`data set ${loaded.info.id}: a detector needs training and held-out images; it has ${loaded.train.names.length} and ${loaded.test.names.length}`)
    if (!loaded.train.boxes.some((b) => b.length)) throw new Error(`data set ${loaded.info.id}: its training images have no boxes`)
    ctx.dataset({ id: loaded.info.id, fingerprint: loaded.fingerprint, source: loaded.info.source })
    ctx.reporter.log(`data set ${loaded.info.id} (${loaded.info.format}): ${loaded.train.names.length} training and ${loaded.test.names.length} held-out images, classes ${loaded.classNames.join(', ')}; ${loaded.skipped.length} labels or files skipped`)
    for (const s of loaded.skipped.slice(0, 10)) ctx.reporter.log(`  skipped ${s.file}: ${s.reason}`)
    source = loaded
  }
  const data = detectorData(c, job.seed, source)
  const { spec } = data
  if (!source) ctx.dataset({ id: 'detection-scenes', fingerprint: `scenes-${c.size}-${c.trainCount}-${c.testCount}-${job.seed}`, source: 'generated' })
  ctx.reporter.log(`anchors (w x h of the image): ${spec.anchors.map(([w, h]) => `${w.toFixed(3)}x${h.toFixed(3)}`).join(', ')}; mean IoU with the training boxes ${data.meanAnchorIou.toFixed(3)}`)
  if (data.collisions) ctx.reporter.log(`${data.collisions} training objects share a cell and anchor with another and are not learned`)
  ctx.reporter.sample('anchors', 0, { anchors: spec.anchors, meanIou: data.meanAnchorIou, classNames: data.train.classNames })

  const model = buildYolo({ size: c.size, grid: c.grid, anchors: spec.anchors.length, classes: spec.classes, width: c.width, seed: job.seed })
  const optimizer = createAdam(c.lr)
  const weights = { coord: c.coordWeight, noObject: c.noObjectWeight, classes: c.classWeight }
  const n = data.train.boxes.length
  const testCount = data.test.boxes.length
  const pixels = c.size * c.size * 3
  const per = c.grid * c.grid * spec.anchors.length * slotSize(spec)
  const stepsPerEpoch = Math.ceil(n / c.batch)
  const totalSteps = stepsPerEpoch * c.epochs
  ctx.reporter.log(`model: ${model.countParams()} parameters; ${n} training and ${testCount} held-out images`)

  try {
    const { step: resumedStep, firstEpoch } = await startingPoint({ ctx, model, optimizer })
    let step = resumedStep
    ctx.reporter.progress(step, firstEpoch - 1, totalSteps, c.epochs)
    for (let epoch = firstEpoch; epoch <= c.epochs; epoch++) {
      const order = epochOrder(job.seed, epoch, n)
      let lossSum = 0
      for (let start = 0; start < n; start += c.batch) {
        if (ctx.shouldStop()) return 'cancelled'
        const idx = order.subarray(start, Math.min(start + c.batch, n))
        const x = new Float32Array(idx.length * pixels)
        const y = new Float32Array(idx.length * per)
        idx.forEach((i, k) => {
          for (let p = 0; p < pixels; p++) x[k * pixels + p] = data.train.images[i * pixels + p] / 255
          y.set(data.targets.subarray(i * per, (i + 1) * per), k * per)
          if (c.mirror && mirrored(job.seed, epoch, i)) mirrorScene(x.subarray(k * pixels, (k + 1) * pixels), c.size, y.subarray(k * per, (k + 1) * per), c.grid, spec.anchors.length, slotSize(spec))
        })
        optimizer.setLearningRate(learningRateAt(step, { lr: c.lr, schedule: c.schedule, warmupSteps: c.warmupSteps, totalSteps }))
        const parts: tf.Scalar[] = tf.tidy(() => {
          const xs = tf.tensor4d(x, [idx.length, c.size, c.size, 3])
          const ys = tf.tensor(y, [idx.length, c.grid, c.grid, spec.anchors.length, 5 + spec.classes])
          let kept: tf.Scalar[] = []
          const total = optimizer.minimize(
            () => {
              const raw = model.apply(xs, { training: true }) as tf.Tensor4D
              const l = yoloLoss(raw, ys, spec.anchors.length, spec.classes, weights)
              kept = [l.box, l.objectness, l.classes].map((t) => tf.keep(t))
              return l.total
            },
            true,
            model.trainableWeights.map((w) => w.read() as tf.Variable),
          )
          return [...kept, total!]
        })
        const [box, objectness, classes, total] = await Promise.all(parts.map(async (t) => (await t.data())[0]))
        tf.dispose(parts)
        step += 1
        lossSum += total * idx.length
        ctx.reporter.metric('loss', step, epoch, total)
        ctx.reporter.metric('loss_box', step, epoch, box)
        ctx.reporter.metric('loss_objectness', step, epoch, objectness)
        ctx.reporter.metric('loss_class', step, epoch, classes)
        ctx.reporter.progress(step, epoch, totalSteps, c.epochs)
        await new Promise((resolve) => setImmediate(resolve))
      }
      ctx.reporter.metric('epoch_loss', step, epoch, lossSum / n)
      const evaluation = await evaluateDetector(model, data.test.images, data.test.boxes, c.size, spec, { batch: c.batch, scoreThreshold: c.scoreThreshold, iouThreshold: c.iouThreshold })
      const { scores } = evaluation
      if (scores.map50 !== null) ctx.reporter.metric('val_map50', step, epoch, scores.map50)
      if (scores.map5095 !== null) ctx.reporter.metric('val_map50_95', step, epoch, scores.map5095)
      ctx.reporter.sample('average_precision', step, {
        classNames: data.train.classNames,
        perClass: scores.perClass.map((p) => ({ classId: p.classId, ap50: p.ap50, ap5095: p.ap5095 })),
        // The PR curve at IoU 0.5, thinned to at most 101 points per class.
        curves: scores.perClass.map((p) => {
          const k = Math.max(1, Math.ceil(p.curve.recall.length / 101))
          return { recall: p.curve.recall.filter((_, i) => i % k === 0), precision: p.curve.precision.filter((_, i) => i % k === 0) }
        }),
      })
      for (let i = 0; i < Math.min(PICTURES, data.test.boxes.length); i++) {
        const png = await detectionPicture(data.test.images.subarray(i * pixels, (i + 1) * pixels), c.size, data.test.boxes[i], evaluation.shown[i])
        ctx.image({ series: 'detections', png, caption: `held-out scene ${i + 1}: true boxes green, detections red`, step, epoch })
      }
      await ctx.saveCheckpoint(checkpointName(epoch), { model, optimizers: { optimizer } }, { step, epoch })
    }
    return 'completed'
  } finally {
    model.dispose()
    optimizer.dispose()
  }
}
