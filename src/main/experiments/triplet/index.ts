import { CNN_TRAINING_KERNELS } from '../../engine/kernels'
import { defineExperiment } from '../contract'
import { fields } from './fields'

/**
 * Embeddings trained with FaceNet's triplet loss (spec §5): a network maps an image to a unit
 * vector of d numbers; images of one identity should be closer than images of two. Online
 * semi-hard mining in P x K batches; held-out verification (ROC AUC, accuracy at the best
 * threshold) after each epoch. A finished run compares any two images of its kind (`embed`).
 */
export const experiment = defineExperiment({
  id: 'triplet',
  title: 'Triplet-loss embeddings',
  description:
    "An embedding network (a small CNN, or ResNet-18's trunk) with an L2-normalised output of d numbers, trained with the triplet loss max(d(A,P)^2 - d(A,N)^2 + alpha, 0) and online semi-hard mining inside batches of P classes x K images, on any image-folder dataset whose classes are identities (default: Fashion-MNIST's classes as the stand-in). After each epoch: verification on held-out images (ROC AUC, accuracy at the best threshold, positive and negative distances), the ROC curve, the distance histograms and a PCA projection.",
  dataDescription: "Fashion-MNIST (its 10 classes stand in for identities; grey images as RGB; the first trainLimit/testLimit images of each class)",
  datasetKinds: ['image-classification'],
  requiredKernels: [...CNN_TRAINING_KERNELS, 'Tile', 'Step', 'Min', 'Max', 'Sqrt'],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description:
        'The target run: held-out ROC AUC of at least 0.9 on Fashion-MNIST within about 5 minutes on 2 shared cores. 300 training images per class (3,000), 100 held-out per class (1,000 images, about 500,000 pairs), a 64-d embedding from a 16-filter CNN, batches of all 10 classes x 6 images, Adam 2e-3 for 3 epochs (150 steps). Measured on 2026-12-02: AUC 0.945, 0.955, 0.951 by epoch, 92 CPU seconds for the whole command (README).',
      values: { filters: 16, dim: 64, trainLimit: 300, testLimit: 100, classesPerBatch: 10, imagesPerClass: 6, epochs: 3, lr: 0.002 },
    },
    {
      name: 'tiny',
      description: 'A smoke run in seconds, for tests and trying the pages: 4 classes, 32 training and 10 held-out images of each, an 8-filter CNN with a 16-d embedding, batches of 4 x 4, 3 epochs of 8 steps.',
      values: { classes: 4, filters: 8, dim: 16, trainLimit: 32, testLimit: 10, classesPerBatch: 4, imagesPerClass: 4, epochs: 3, lr: 0.003 },
    },
    {
      name: 'default',
      description: "The fields' defaults: 1,000 training images per class, a 128-d embedding from a 32-filter CNN, batches of 8 x 8, 10 epochs with Adam 1e-3; about half an hour on 2 cores.",
      values: {},
    },
  ],
  metrics: [
    { name: 'loss', label: 'triplet loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: 'active_triplets', label: 'active triplets (batch, share with loss > 0)', cadence: 'step', direction: 'lower', unit: '' },
    { name: 'epoch_loss', label: 'triplet loss (epoch mean)', cadence: 'epoch', direction: 'lower', unit: '' },
    { name: 'epoch_active_triplets', label: 'active triplets (epoch mean)', cadence: 'epoch', direction: 'lower', unit: '' },
    { name: 'val_auc', label: 'held-out ROC AUC', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: 'val_accuracy', label: 'held-out verification accuracy (best threshold)', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: 'val_threshold', label: 'best threshold (Euclidean distance)', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: 'val_positive_distance', label: 'mean distance, same class (held-out)', cadence: 'epoch', direction: 'lower', unit: '' },
    { name: 'val_negative_distance', label: 'mean distance, different class (held-out)', cadence: 'epoch', direction: 'higher', unit: '' },
  ],
  headline: ['val_auc', 'val_accuracy', 'epoch_loss'],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'Triplet loss and the share of active triplets per step and epoch; held-out verification per epoch.' },
    { kind: 'roc-curve', name: 'roc', description: 'ROC of "same class when distance <= t" over every pair of held-out images, after every epoch.' },
    { kind: 'histograms', name: 'distances', description: 'Distances of held-out pairs of the same and of different classes, with the best threshold, after every epoch.' },
    { kind: 'embeddings', name: 'projection', description: 'The held-out embeddings projected on their first two principal components, coloured by class, after every epoch.' },
  ],
  capabilities: {
    handlers: { embed: async () => (await import('./embed')).embedImage },
  },
  trainer: async () => (await import('./train')).trainTriplet,
  benchStep: async () => (await import('./benchStep')).tripletBenchStep,
})
