import type { ConfigOf, FieldSpec } from '../contract'

/** srgan's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'blocks', type: 'integer', default: 16, min: 0, max: 32, why: 'B, residual blocks of the generator: the paper\'s 16. Fewer train faster and give up some PSNR.' },
  { key: 'channels', type: 'integer', default: 64, min: 4, max: 128, why: 'C, feature channels of the generator: the paper\'s 64. Step time grows with C squared.' },
  { key: 'bicubicSkip', type: 'boolean', default: false, why: 'Add bicubic(LR) to the output so the generator learns only the missing detail (and starts as bicubic). Not in the paper (off); the quick preset turns it on, as a small CPU run would otherwise spend its minutes relearning plain upscaling.' },
  { key: 'hrPatch', type: 'integer', default: 96, min: 16, max: 256, why: 'Side of the random HR training crops (a multiple of 16 for the discriminator); LR crops are a quarter of it. The paper\'s 96.' },
  { key: 'batch', type: 'integer', default: 16, min: 1, max: 64, why: 'Crops per step: the paper\'s 16.' },
  { key: 'epochs', type: 'integer', default: 20, min: 1, max: 10000, why: 'Validation rounds: held-out PSNR/SSIM, the image crops and a checkpoint after each.' },
  { key: 'stepsPerEpoch', type: 'integer', default: 500, min: 1, max: 1_000_000, why: 'Optimiser steps between validations (patches are random crops, so an "epoch" is a step count, not a pass over the photos).' },
  { key: 'pretrainSteps', type: 'integer', default: 5000, min: 0, max: 10_000_000, why: 'Pixel-loss-only steps of the generator before the adversarial phase (SRResNet pre-training, as the paper starts SRGAN from SRResNet): it carries most of the PSNR gain and keeps the GAN from starting on noise.' },
  { key: 'lrG', type: 'number', default: 1e-4, min: 1e-7, max: 1, why: "Adam's learning rate for the generator: the paper's 1e-4." },
  { key: 'lrD', type: 'number', default: 1e-4, min: 1e-7, max: 1, why: "Adam's learning rate for the discriminator: the paper's 1e-4." },
  { key: 'perceptualWeight', type: 'number', default: 0.006, min: 0, max: 1e6, why: 'Weight of the feature MSE: the paper rescales VGG activations by 1/12.75, i.e. weighs their MSE by 1/12.75^2 = 0.006; 0 drops the perceptual term.' },
  { key: 'adversarialWeight', type: 'number', default: 1e-3, min: 0, max: 1e3, why: "The paper's 1e-3 on the generator's BCE against 'real': enough to sharpen textures without drowning the content loss." },
  { key: 'pixelWeight', type: 'number', default: 0, min: 0, max: 1e6, why: 'Optional pixel loss in the adversarial phase (ESRGAN-style); the paper uses none after pre-training (0). Pre-training always uses the pixel loss alone.' },
  { key: 'pixelLoss', type: 'enum', default: 'mse', options: ['mse', 'l1'], why: "mse: the paper's SRResNet loss, which maximises PSNR directly; l1 is often a little sharper." },
  { key: 'discSteps', type: 'integer', default: 1, min: 1, max: 100, why: "The generator steps on every discSteps-th adversarial step (MMEditing's disc_steps); 1: both networks every step, as the paper." },
  { key: 'discInitSteps', type: 'integer', default: 0, min: 0, max: 1_000_000, why: "Adversarial steps that train the discriminator alone first (MMEditing's disc_init_steps); 0: none, as the paper." },
  { key: 'network', type: 'enum', default: 'centernet', options: ['centernet', 'folder'], why: 'The frozen feature network of the perceptual loss, as in style transfer. centernet: the built-in COCO-trained MobileNetV3 backbone (no VGG19 weights ship offline). folder: your own TF.js model in modelDir (e.g. a converted VGG19 for the paper\'s VGG54 loss).' },
  { key: 'modelDir', type: 'string', default: '', why: 'With network=folder: a folder holding model.json and its weight files (tensorflowjs_converter output).' },
  { key: 'featureLayer', type: 'string', default: 'conv_3', why: "The layer whose activations are compared. conv_1..conv_5 name the backbone's five layers, shallow to deep (or a folder model's k-th convolution); any layer name of the model works. conv_3 (stride 4): fine enough for textures, deep enough to ignore pixel-exact shifts." },
  { key: 'inputScale', type: 'enum', default: 'auto', options: ['auto', '0-255', '0-1', 'imagenet', 'caffe'], why: "How 0..1 pixels are fed to the feature network. auto: 0-255 for CenterNet, caffe (Keras' VGG preprocessing) for a folder." },
  { key: 'validationImages', type: 'integer', default: 4, min: 1, max: 100, why: 'Photos of an image folder held out for validation (evenly spread by name). The built-in set always holds out its own two (chelsea, coffee).' },
  { key: 'valCrop', type: 'integer', default: 192, min: 32, max: 1024, why: 'Side of the centre crop of each validation photo that PSNR/SSIM are measured on: bounds the time a validation takes.' },
  { key: 'augment', type: 'boolean', default: true, why: 'Random horizontal flips and 90-degree turns of the training crops: eight times the patterns from a small photo set.' },
] as const satisfies readonly FieldSpec[]

export type SrganConfig = ConfigOf<typeof fields>
