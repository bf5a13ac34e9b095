/**
 * One SRGAN training step (spec §4): the losses and both updates, following `planStep`. Pure
 * TensorFlow.js: no files, no clocks. Tensors made here are freed here (tensor count flat).
 *
 * Generator loss = perceptual x MSE(features(G(LR)), features(HR)) + adversarial x BCE(D(G(LR)), 1)
 *                  + pixel x (MSE or L1)(G(LR), HR); during pre-training the pixel term alone.
 * Discriminator loss = BCE(D(HR), 1) + BCE(D(stop_gradient(G(LR))), 0).
 * The generator's update lists only the generator's variables, so the discriminator's weights are
 * unchanged by it (its BatchNorm layers run in training mode on the fake batch, as in PyTorch).
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { StepPlan } from './schedule'

export interface LossWeights {
  perceptual: number
  adversarial: number
  pixel: number
  pixelLoss: 'mse' | 'l1'
}

export interface SrganNets {
  generator: tfl.LayersModel
  discriminator: tfl.LayersModel
  generatorOptimizer: tf.Optimizer
  discriminatorOptimizer: tf.Optimizer
  /** The frozen feature network's activations for a batch in [0, 1] (perceptual loss); absent: no perceptual term. */
  features?: (images: tf.Tensor4D) => tf.Tensor[]
}

export interface SrganBatch {
  /** [batch, h, w, 3] in [0, 1]. */
  lr: tf.Tensor4D
  /** [batch, 4h, 4w, 3] in [0, 1]. */
  hr: tf.Tensor4D
}

/** What a step measured; null for a part the step did not compute. */
export interface StepLosses {
  generator: number | null
  perceptual: number | null
  adversarial: number | null
  pixel: number | null
  discriminator: number | null
  /** Mean sigmoid(D(HR)) and sigmoid(D(G(LR))): how sure the discriminator is. */
  dReal: number | null
  dFake: number | null
}

const variablesOf = (model: tfl.LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable)

const bce = (logits: tf.Tensor, label: 0 | 1): tf.Scalar => tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, label), logits) as tf.Scalar

function pixelLoss(sr: tf.Tensor, hr: tf.Tensor, kind: 'mse' | 'l1'): tf.Scalar {
  return (kind === 'l1' ? tf.losses.absoluteDifference(hr, sr) : tf.losses.meanSquaredError(hr, sr)) as tf.Scalar
}

function perceptualLoss(features: NonNullable<SrganNets['features']>, sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar {
  const a = features(sr)
  const b = features(hr)
  return tf.addN(a.map((f, i) => tf.losses.meanSquaredError(b[i], f))) as tf.Scalar
}

export function checkWeights(w: LossWeights, nets: Pick<SrganNets, 'features'>): void {
  for (const key of ['perceptual', 'adversarial', 'pixel'] as const) {
    if (!(w[key] >= 0)) throw new Error(`the ${key} loss weight must be >= 0, got ${w[key]}`)
  }
  if (w.perceptual > 0 && !nets.features) throw new Error('a perceptual loss weight above 0 needs a feature network')
}

export function trainStep(nets: SrganNets, batch: SrganBatch, plan: StepPlan, w: LossWeights): StepLosses {
  const out: StepLosses = { generator: null, perceptual: null, adversarial: null, pixel: null, discriminator: null, dReal: null, dFake: null }
  const read = (t: tf.Scalar) => t.dataSync()[0]
  tf.tidy(() => {
    // G(LR) once per step, before any update, as MMEditing's train_step: the discriminator sees it detached.
    let generated: tf.Tensor4D | null = null
    if (plan.updateGenerator) {
      const parts: Record<'perceptual' | 'adversarial' | 'pixel', tf.Scalar | null> = { perceptual: null, adversarial: null, pixel: null }
      const loss = nets.generatorOptimizer.minimize(
        () => {
          const sr = nets.generator.apply(batch.lr, { training: true }) as tf.Tensor4D
          generated = tf.keep(sr)
          const terms: tf.Scalar[] = []
          if (plan.phase === 'pretrain') {
            const pixel = tf.keep(pixelLoss(sr, batch.hr, w.pixelLoss))
            parts.pixel = pixel
            terms.push(pixel)
          } else {
            if (w.perceptual > 0 && nets.features) {
              const perceptual = tf.keep(perceptualLoss(nets.features, sr, batch.hr))
              parts.perceptual = perceptual
              terms.push(tf.mul(perceptual, w.perceptual))
            }
            if (w.adversarial > 0) {
              const adversarial = tf.keep(bce(nets.discriminator.apply(sr, { training: true }) as tf.Tensor, 1))
              parts.adversarial = adversarial
              terms.push(tf.mul(adversarial, w.adversarial))
            }
            if (w.pixel > 0) {
              const pixel = tf.keep(pixelLoss(sr, batch.hr, w.pixelLoss))
              parts.pixel = pixel
              terms.push(tf.mul(pixel, w.pixel))
            }
          }
          if (!terms.length) throw new Error('the generator has no loss term: give a perceptual, adversarial or pixel weight above 0')
          return tf.addN(terms) as tf.Scalar
        },
        true,
        variablesOf(nets.generator),
      )!
      out.generator = read(loss)
      for (const key of ['perceptual', 'adversarial', 'pixel'] as const) {
        const t = parts[key]
        if (t) {
          out[key] = read(t)
          t.dispose()
        }
      }
    }
    if (plan.updateDiscriminator) {
      // Made outside the discriminator's gradient tape: a constant there, so no gradient reaches the generator.
      const fake = generated ?? (nets.generator.apply(batch.lr, { training: true }) as tf.Tensor4D)
      let real: tf.Scalar | null = null
      let faked: tf.Scalar | null = null
      const loss = nets.discriminatorOptimizer.minimize(
        () => {
          const dr = nets.discriminator.apply(batch.hr, { training: true }) as tf.Tensor
          const df = nets.discriminator.apply(fake, { training: true }) as tf.Tensor
          real = tf.keep(tf.mean(tf.sigmoid(dr)) as tf.Scalar)
          faked = tf.keep(tf.mean(tf.sigmoid(df)) as tf.Scalar)
          return tf.add(bce(dr, 1), bce(df, 0)) as tf.Scalar
        },
        true,
        variablesOf(nets.discriminator),
      )!
      out.discriminator = read(loss)
      out.dReal = read(real!)
      out.dFake = read(faked!)
      ;(real as tf.Tensor | null)?.dispose()
      ;(faked as tf.Tensor | null)?.dispose()
    }
    ;(generated as tf.Tensor | null)?.dispose()
  })
  return out
}
