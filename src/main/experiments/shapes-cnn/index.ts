import { CNN_TRAINING_KERNELS } from '../../engine/kernels'
import { defineExperiment } from '../contract'
import { CLASSIFIER_METRICS, CLASSIFIER_HEADLINE, CLASSIFIER_OUTPUTS } from '../../training/classifierMetrics'
import { fields, SHAPES_CNN_DEFAULT_DATA } from './fields'

/**
 * A small convolutional classifier on synthetic shapes: the first experiment, small enough to
 * train in under a minute on the plain-JS backend, so every part of Benchtop can be tried on it.
 */
export const experiment = defineExperiment({
  id: 'shapes-cnn',
  title: 'Shapes CNN',
  description:
    'Two conv + max-pool stages and a softmax classifier on synthetic shapes (or any image-folder dataset). Reports loss and accuracy per step and per epoch, and validation metrics per epoch.',
  dataDescription: 'generated shapes (circles, squares, triangles, ...) from the config below and the seed',
  datasetKinds: ['image-classification'],
  requiredKernels: [...CNN_TRAINING_KERNELS],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description:
        'Trains in under a minute on the plain-JS cpu backend (about 40 s here): 16 px images, 3 classes, 480 training images, 4 epochs of batch 16 (the filter gradient costs grow with the batch, so more, smaller steps learn more per second), Adam 5e-3 so 120 steps still learn.',
      values: { size: 16, classes: 3, trainCount: 480, testCount: 120, filters: 6, epochs: 4, batch: 16, lr: 0.005 },
    },
    {
      name: 'default',
      description: '32 px images, 3 classes, 2000 training images, 10 epochs with Adam 1e-3: converges to high accuracy in a few minutes.',
      values: {},
    },
  ],
  metrics: CLASSIFIER_METRICS,
  headline: CLASSIFIER_HEADLINE,
  outputs: CLASSIFIER_OUTPUTS,
  capabilities: {
    classifier: {
      defaultData: SHAPES_CNN_DEFAULT_DATA,
      size: (c) => c.size,
      // An imported dataset brings its own classes; generated shapes have `classes` of them.
      classes: (_c, available) => available,
      binary: () => false,
      build: async () => {
        const { buildShapesCnn } = await import('./model')
        return (c, o) => buildShapesCnn({ size: c.size, classes: o.classes, filters: c.filters, seed: o.seed })
      },
    },
  },
  trainer: async () => (await import('./train')).trainShapesCnn,
  benchStep: async () => (await import('./benchStep')).shapesCnnBenchStep,
})
