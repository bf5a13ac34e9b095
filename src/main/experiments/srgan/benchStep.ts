import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { InputScale } from '../style-transfer/featureNet'
import { loadPerceptualFeatures, type PerceptualFeatures } from './features'
import type { SrganConfig } from './fields'
import { buildDiscriminator, buildGenerator, SCALE } from './model'
import { trainStep, type SrganNets } from './step'

/**
 * srgan's adversarial step (the trainer's networks, losses and two Adam optimisers; both
 * networks update) on a random batch [batch, hrPatch, hrPatch, 3], as the PyTorch peer
 * (srgan_torch.py) times one. The feature network loads on the first step, so time steps after a
 * warm-up. `perceptualWeight` 0 drops the feature network (the peer's --features none).
 */
export const srganBenchStep: BenchStepFactory<SrganConfig> = ({ config: c, seed }) => {
  let nets: SrganNets | null = null
  let features: PerceptualFeatures | null = null
  const side = c.hrPatch
  const hr = tf.randomUniform([c.batch, side, side, 3], 0, 1, 'float32', seed) as tf.Tensor4D
  const lr = tf.tidy(() => tf.image.resizeBilinear(hr, [side / SCALE, side / SCALE], false, true)) as tf.Tensor4D
  const weights = { perceptual: c.perceptualWeight, adversarial: c.adversarialWeight, pixel: Math.max(c.pixelWeight, 1), pixelLoss: c.pixelLoss }
  const open = async (): Promise<SrganNets> => {
    if (c.perceptualWeight > 0) features = await loadPerceptualFeatures({ network: c.network, modelDir: c.modelDir, layer: c.featureLayer, inputScale: c.inputScale as InputScale | 'auto' })
    return {
      generator: buildGenerator({ blocks: c.blocks, channels: c.channels, seed, bicubicSkip: c.bicubicSkip }),
      discriminator: buildDiscriminator({ hr: side, seed }),
      generatorOptimizer: createAdam(c.lrG),
      discriminatorOptimizer: createAdam(c.lrD),
      features: features ? (features as PerceptualFeatures).features : undefined,
    }
  }
  const plan = { phase: 'adversarial' as const, adversarialStep: 0, updateGenerator: true, updateDiscriminator: true }
  return {
    description: `SRGAN step: SRResNet B=${c.blocks} C=${c.channels} + discriminator, batch ${c.batch} of ${side} px HR, ${c.perceptualWeight > 0 ? `perceptual ${c.network} ${c.featureLayer}` : 'no perceptual loss'}`,
    step: async () => {
      nets ??= await open()
      trainStep(nets, { hr, lr }, plan, weights)
    },
    dispose: () => {
      tf.dispose([hr, lr])
      if (nets) {
        nets.generator.dispose()
        nets.discriminator.dispose()
        nets.generatorOptimizer.dispose()
        nets.discriminatorOptimizer.dispose()
      }
      ;(features as PerceptualFeatures | null)?.dispose()
    },
  }
}
