/**
 * The SRGAN trainer (spec section 4) inside the training process. It owns its step (two Adam
 * optimisers, the schedule of step.ts); shared code owns checkpoints, resume, cancel, progress
 * and the metric and image files, through the context. A checkpoint holds both networks (the
 * generator's weights first) and both optimisers; the global step decides the phase, so a run
 * resumed in pre-training or in the adversarial phase continues where it stopped.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { checkpointName } from '../../training/checkpoint'
import { createAdam } from '../../training/optimizers'
import type { Trainer, WeightsHolder } from '../contract'
import type { InputScale } from '../style-transfer/featureNet'
import { validate } from './evaluate'
import { loadPerceptualFeatures, type PerceptualFeatures } from './features'
import type { SrganConfig } from './fields'
import { buildDiscriminator, buildGenerator, SCALE } from './model'
import { IMAGE_SERIES, METRICS } from './names'
import { trainingBatch, validationCrop } from './patches'
import { loadPhotos } from './photos'
import { encodePng } from './png'
import { planStep } from './schedule'
import { checkWeights, trainStep, type LossWeights, type StepLosses } from './step'

/** Both networks as one checkpointable model: the generator's weights, then the discriminator's. */
export function pairWeights(generator: WeightsHolder, discriminator: WeightsHolder): WeightsHolder {
  return {
    getWeights: () => [...generator.getWeights(), ...discriminator.getWeights()],
    setWeights: (weights) => {
      const n = generator.getWeights().length
      generator.setWeights(weights.slice(0, n))
      discriminator.setWeights(weights.slice(n))
    },
  }
}

export const trainSrgan: Trainer<SrganConfig> = async (job, ctx) => {
  const c = job.config
  if (c.hrPatch % 16 !== 0) throw new Error(`hrPatch must be a multiple of 16 (the discriminator halves it four times), got ${c.hrPatch}`)
  const weights: LossWeights = { perceptual: c.perceptualWeight, adversarial: c.adversarialWeight, pixel: c.pixelWeight, pixelLoss: c.pixelLoss }
  // Every check that can fail runs before the first step: data, feature network, weights.
  const photos = await loadPhotos(job.data, job.home, { hrPatch: c.hrPatch, validationImages: c.validationImages })
  for (const s of photos.skipped) ctx.reporter.log(`skipped ${s.file}: ${s.reason}`)
  ctx.dataset({ id: photos.id, fingerprint: `${photos.id}:${[...photos.train, ...photos.validation].map((p) => `${p.name}@${p.width}x${p.height}`).join(',')}`, source: photos.source })
  ctx.reporter.log(`${photos.train.length} training photos, ${photos.validation.length} held out (${photos.validation.map((p) => p.name).join(', ')})`)
  const crops = photos.validation.map((p) => validationCrop(p, c.valCrop))

  let features: PerceptualFeatures | null = null
  if (c.perceptualWeight > 0) {
    features = await loadPerceptualFeatures({ network: c.network, modelDir: c.modelDir, layer: c.featureLayer, inputScale: c.inputScale as InputScale | 'auto' })
    ctx.reporter.log(`perceptual loss: ${features.source}, layer ${features.layer}`)
  }
  checkWeights(weights, { features: features ? features.features : undefined })

  const generator = buildGenerator({ blocks: c.blocks, channels: c.channels, seed: job.seed, bicubicSkip: c.bicubicSkip })
  const discriminator = buildDiscriminator({ hr: c.hrPatch, seed: job.seed })
  const generatorOptimizer = createAdam(c.lrG)
  const discriminatorOptimizer = createAdam(c.lrD)
  const state = { model: pairWeights(generator, discriminator), optimizers: { generator: generatorOptimizer, discriminator: discriminatorOptimizer } }
  const nets = { generator, discriminator, generatorOptimizer, discriminatorOptimizer, features: features?.features }
  const schedule = { pretrainSteps: c.pretrainSteps, discSteps: c.discSteps, discInitSteps: c.discInitSteps }
  const totalSteps = c.epochs * c.stepsPerEpoch
  ctx.reporter.log(`generator: ${generator.countParams()} parameters (B=${c.blocks}, C=${c.channels}); discriminator: ${discriminator.countParams()}; ${c.pretrainSteps} pre-training steps of ${totalSteps}`)

  try {
    const resumed = await ctx.resume(state)
    let step = resumed?.step ?? 0
    const firstEpoch = (resumed?.epoch ?? 0) + 1
    ctx.reporter.progress(step, firstEpoch - 1, totalSteps, c.epochs)
    const lrSide = c.hrPatch / SCALE
    for (let epoch = firstEpoch; epoch <= c.epochs; epoch++) {
      for (let k = 0; k < c.stepsPerEpoch; k++) {
        if (ctx.shouldStop()) return 'cancelled'
        const plan = planStep(step, schedule)
        const data = trainingBatch(photos.train, { seed: job.seed, step, batch: c.batch, hrPatch: c.hrPatch, augment: c.augment })
        const hr = tf.tensor4d(data.hr, [c.batch, c.hrPatch, c.hrPatch, 3])
        const lr = tf.tensor4d(data.lr, [c.batch, lrSide, lrSide, 3])
        let losses: StepLosses
        try {
          losses = trainStep(nets, { hr, lr }, plan, weights)
        } finally {
          hr.dispose()
          lr.dispose()
        }
        step += 1
        const report = (name: string, value: number | null) => {
          if (value !== null) ctx.reporter.metric(name, step, epoch, value)
        }
        report(METRICS.generator, losses.generator)
        report(METRICS.pixel, losses.pixel)
        report(METRICS.perceptual, losses.perceptual)
        report(METRICS.adversarial, losses.adversarial)
        report(METRICS.discriminator, losses.discriminator)
        report(METRICS.dReal, losses.dReal)
        report(METRICS.dFake, losses.dFake)
        if (plan.phase === 'adversarial' && plan.adversarialStep === 0) ctx.reporter.log(`step ${step}: pre-training done, the adversarial phase starts`)
        ctx.reporter.progress(step, epoch, totalSteps, c.epochs)
        await new Promise((resolve) => setImmediate(resolve))
      }
      const v = await validate(generator, c.blocks, crops)
      ctx.reporter.metric(METRICS.psnr, step, epoch, v.psnr)
      ctx.reporter.metric(METRICS.ssim, step, epoch, v.ssim)
      ctx.reporter.metric(METRICS.psnrBicubic, step, epoch, v.psnrBicubic)
      ctx.reporter.metric(METRICS.ssimBicubic, step, epoch, v.ssimBicubic)
      ctx.reporter.metric(METRICS.gain, step, epoch, v.psnr - v.psnrBicubic)
      ctx.reporter.log(
        `epoch ${epoch} (step ${step}, ${planStep(Math.max(0, step - 1), schedule).phase}): SR ${v.psnr.toFixed(2)} dB / SSIM ${v.ssim.toFixed(4)}, bicubic ${v.psnrBicubic.toFixed(2)} dB / ${v.ssimBicubic.toFixed(4)}; ` +
          v.perImage.map((p) => `${p.name} ${p.psnr.toFixed(2)} vs ${p.psnrBicubic.toFixed(2)}`).join(', '),
      )
      const caption = { lr: 'LR (each pixel 4x4)', bicubic: 'bicubic x4', sr: `SR x4 (${v.psnr.toFixed(2)} dB)`, hr: 'HR (ground truth)' }
      for (const series of [IMAGE_SERIES.lr, IMAGE_SERIES.bicubic, IMAGE_SERIES.sr, IMAGE_SERIES.hr] as const) {
        ctx.image({ series, png: await encodePng(v.strips[series]), caption: caption[series], step, epoch })
      }
      await ctx.saveCheckpoint(checkpointName(epoch), state, { step, epoch })
    }
    return 'completed'
  } finally {
    generator.dispose()
    discriminator.dispose()
    generatorOptimizer.dispose()
    discriminatorOptimizer.dispose()
    features?.dispose()
  }
}
