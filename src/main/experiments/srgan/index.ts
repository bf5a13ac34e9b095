import { CNN_TRAINING_KERNELS } from '../../engine/kernels'
import { defineExperiment } from '../contract'
import { STYLE_KERNELS } from '../style-transfer/definition'
import { fields } from './fields'
import { IMAGE_SERIES, METRICS } from './names'

/**
 * SRGAN (Ledig et al. 2017; spec section 4): a 4x super-resolution generator (SRResNet) trained
 * first on the pixel loss, then against a discriminator with a perceptual loss through a frozen
 * feature network; held-out PSNR/SSIM against bicubic after every epoch; `benchtop upscale`.
 */
export const experiment = defineExperiment({
  id: 'srgan',
  title: 'SRGAN 4x super-resolution',
  description:
    "Learns to upscale photos 4x: an SRResNet generator (PixelShuffle upsamplers) pre-trained on the pixel loss, then trained against a VGG-style discriminator with a perceptual loss on a frozen feature network (style transfer's CenterNet backbone, or your own TF.js model) + 1e-3 x adversarial loss. Random HR crops, LR made by bicubic downscaling; PSNR and SSIM (Y channel) of SR and of plain bicubic on held-out photos after each epoch. A finished run upscales your images (benchtop upscale, Try the model).",
  dataDescription: "scikit-image's sample photographs (Debian's python3-skimage): 13 for training, chelsea and coffee held out; or any image folder (class folders ignored)",
  datasetKinds: ['image-classification'],
  requiredKernels: [...new Set<string>([...CNN_TRAINING_KERNELS, ...STYLE_KERNELS, 'Prelu', 'LeakyRelu', 'FusedBatchNorm', 'Transpose', 'Sigmoid', 'Log1p', 'Exp'])],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description:
        'A small SRResNet (B=4, C=32) learning the detail over bicubic (bicubicSkip) on 64 px crops, batch 8, Adam 5e-4: 900 pixel-loss pre-training steps, then 100 adversarial ones (perceptual + 1e-3 adversarial + 10 x pixel MSE, which keeps the PSNR the pre-training reached), validated every 100 steps. About 7.5 minutes on an idle 2-core machine on the native backend; SR 0.63 dB above bicubic on the held-out photos (measured in the README).',
      values: { blocks: 4, channels: 32, bicubicSkip: true, hrPatch: 64, batch: 8, epochs: 10, stepsPerEpoch: 100, pretrainSteps: 900, lrG: 5e-4, pixelWeight: 10, valCrop: 192 },
    },
    {
      name: 'tiny',
      description: 'A smoke run in seconds: B=1, C=8, 32 px crops, batch 2, one pre-training step then adversarial ones, 2 epochs of 4 steps (for tests and trying the pages; learns little).',
      values: { blocks: 1, channels: 8, bicubicSkip: true, hrPatch: 32, batch: 2, epochs: 2, stepsPerEpoch: 4, pretrainSteps: 1, lrG: 1e-3, lrD: 1e-3, valCrop: 64 },
    },
    {
      name: 'default',
      description: "The paper's networks (B=16, C=64, 96 px crops, batch 16, Adam 1e-4) with a shorter schedule: 5000 pre-training steps, then 5000 adversarial ones. Hours on a CPU.",
      values: {},
    },
  ],
  metrics: [
    { name: METRICS.generator, label: 'generator loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: METRICS.pixel, label: 'pixel loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: METRICS.perceptual, label: 'perceptual loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: METRICS.adversarial, label: 'adversarial loss of G (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
    { name: METRICS.discriminator, label: 'discriminator loss (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
    { name: METRICS.dReal, label: 'mean D(real)', cadence: 'step', direction: 'higher', unit: '' },
    { name: METRICS.dFake, label: 'mean D(fake)', cadence: 'step', direction: 'lower', unit: '' },
    { name: METRICS.psnr, label: 'validation PSNR of SR (Y)', cadence: 'epoch', direction: 'higher', unit: 'dB' },
    { name: METRICS.ssim, label: 'validation SSIM of SR (Y)', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: METRICS.psnrBicubic, label: 'validation PSNR of bicubic (Y)', cadence: 'epoch', direction: 'higher', unit: 'dB' },
    { name: METRICS.ssimBicubic, label: 'validation SSIM of bicubic (Y)', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: METRICS.gain, label: 'PSNR gain of SR over bicubic', cadence: 'epoch', direction: 'higher', unit: 'dB' },
  ],
  headline: [METRICS.psnr, METRICS.gain, METRICS.ssim],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'D and G losses, mean D(real) and D(fake) per step; held-out PSNR/SSIM of SR and bicubic per epoch.' },
    { kind: 'images', name: IMAGE_SERIES.lr, description: 'The fixed validation crops at low resolution (each pixel shown 4x4).' },
    { kind: 'images', name: IMAGE_SERIES.bicubic, description: 'The same crops upscaled by bicubic interpolation.' },
    { kind: 'images', name: IMAGE_SERIES.sr, description: "The same crops upscaled by the generator, after every epoch." },
    { kind: 'images', name: IMAGE_SERIES.hr, description: 'The ground truth.' },
  ],
  capabilities: { handlers: { upscale: async () => (await import('./handler')).upscale } },
  trainer: async () => (await import('./train')).trainSrgan,
  benchStep: async () => (await import('./benchStep')).srganBenchStep,
})
