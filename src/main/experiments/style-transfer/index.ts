import type { MetricSpec } from '../../../shared/api'
import { defineExperiment } from '../contract'
import { presets, STYLE_KERNELS } from './definition'
import { fields } from './fields'
import { IMAGE_SERIES, METRICS } from './names'

const metrics: readonly MetricSpec[] = [
  { name: METRICS.total, label: 'total loss (weighted)', cadence: 'step', direction: 'lower', unit: '' },
  { name: METRICS.content, label: 'content loss', cadence: 'step', direction: 'lower', unit: '' },
  { name: METRICS.style, label: 'style loss', cadence: 'step', direction: 'lower', unit: '' },
  { name: METRICS.tv, label: 'total variation', cadence: 'step', direction: 'lower', unit: '' },
  { name: METRICS.final, label: 'final total loss', cadence: 'epoch', direction: 'lower', unit: '' },
]

/**
 * Neural style transfer (spec section 5): optimises the pixels of one image so that a frozen CNN
 * sees the content image's layout at one layer and the style image's Gram statistics at several.
 */
export const experiment = defineExperiment({
  id: 'style-transfer',
  title: 'Neural style transfer',
  description:
    "Paints the content image in the style image's textures: optimises the pixels (L-BFGS, as the seed, or Adam) against alpha x content loss (activations at one layer) + beta x style loss (Gram matrices at several layers) + optional total variation, on a frozen CNN. The seed used VGG19, whose weights cannot ship offline: by default the COCO-trained MobileNetV3 backbone of CenterNet stands in; give your own TF.js VGG19 folder for the seed's exact setup. Writes the current image every few steps.",
  dataDescription: 'no dataset: a content and a style image (built-in examples unless content= and style= are set)',
  datasetKinds: [],
  requiredKernels: [...STYLE_KERNELS],
  defaultPreset: 'quick',
  fields,
  presets,
  metrics,
  // No held-out data: the run's result is its final loss (one point, at the end).
  headline: [METRICS.final, METRICS.style, METRICS.content],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'Total, content, style and TV loss per step.' },
    { kind: 'images', name: IMAGE_SERIES.content, description: 'The content image at the run size.' },
    { kind: 'images', name: IMAGE_SERIES.style, description: 'The style image at the run size.' },
    { kind: 'images', name: IMAGE_SERIES.result, description: 'The current result every imageEvery steps, and the last.' },
  ],
  capabilities: {
    // A finished run restyles another photo with its style, layers and weights (stylise.ts).
    handlers: { stylise: async () => (await import('./stylise')).stylise },
  },
  studies: [
    {
      label: 'Style weight study',
      description: 'The same content and style at style weights 1e2, 1e4 (the seed) and 1e6.',
      sweep: [{ key: 'styleWeight', values: [100, 10000, 1000000] }],
    },
  ],
  trainer: async () => (await import('./train')).trainStyleTransfer,
  benchStep: async () => (await import('./benchStep')).styleTransferBenchStep,
})
