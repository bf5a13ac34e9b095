import type { ExperimentInfo } from '../../../shared/api'
import { CNN_TRAINING_KERNELS } from '../../engine/kernels'

/**
 * A small convolutional classifier on synthetic shapes: the first experiment, small enough to
 * train in under a minute on the plain-JS backend, so every part of Benchtop can be tried on it.
 */
export const shapesCnn: ExperimentInfo = {
  id: 'shapes-cnn',
  title: 'Shapes CNN',
  description:
    'Two conv + max-pool stages and a softmax classifier on synthetic shapes (or any image-folder dataset). Reports loss and accuracy per step and per epoch, and validation metrics per epoch.',
  datasetKinds: ['image-classification'],
  requiredKernels: [...CNN_TRAINING_KERNELS],
  defaultPreset: 'quick',
  fields: [
    { key: 'size', type: 'integer', default: 32, min: 8, max: 256, why: 'Images are resized to size x size; 32 px keeps circles, squares and triangles apart while a step stays cheap.' },
    { key: 'classes', type: 'integer', default: 3, min: 2, max: 6, why: 'Number of shape classes generated; ignored for an imported dataset, which brings its own classes.' },
    { key: 'trainCount', type: 'integer', default: 2000, min: 8, max: 100000, why: 'Synthetic training images; more images mean better generalisation and slower epochs.' },
    { key: 'testCount', type: 'integer', default: 400, min: 8, max: 20000, why: 'Held-out synthetic images for the validation metrics after each epoch.' },
    { key: 'filters', type: 'integer', default: 16, min: 2, max: 128, why: 'Width of the first conv layer (the second has twice as many): the main knob of model size and step time.' },
    { key: 'epochs', type: 'integer', default: 10, min: 1, max: 1000, why: 'Passes over the training set; one checkpoint is saved per epoch.' },
    { key: 'batch', type: 'integer', default: 32, min: 1, max: 1024, why: 'Images per optimiser step; 32 is the usual default that keeps gradient noise moderate.' },
    { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is Adam's standard default." },
  ],
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
}
