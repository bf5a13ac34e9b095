import { CNN_TRAINING_KERNELS } from '../../engine/kernels'
import { CLASSIFIER_HEADLINE, CLASSIFIER_METRICS, CLASSIFIER_OUTPUTS } from '../../training/classifierMetrics'
import { defineExperiment } from '../contract'
import { fields, RESNET_DEFAULT_DATA } from './fields'

/**
 * Kernels a backend needs to train the ResNets: the CNN list plus BatchNormalization, the head's
 * average pool (and its gradient), the residual addition and the binary head's sigmoid.
 */
export const RESNET_KERNELS: readonly string[] = [...CNN_TRAINING_KERNELS, 'FusedBatchNorm', 'AvgPool', 'AvgPoolGrad', 'Add', 'Sigmoid']

/**
 * ResNet-18/50 with and without residual shortcuts (spec §1, the headline experiment): the same
 * network, the same initial weights, the additions on or off, to show the degradation problem.
 */
export const experiment = defineExperiment({
  id: 'resnet',
  title: 'ResNet with and without shortcuts',
  description:
    "The seed's ResNet-18 and ResNet-50 (Keras layout: 7x7/2 stem, max-pool, basic or bottleneck blocks, 2x2 average pool, dense head) trained with or without their residual shortcuts on any image dataset given with --data (default fashion-mnist). Both variants start from the same weights in every layer they share; without shortcuts the deeper net trains worse.",
  dataDescription: 'Fashion-MNIST (grey images as RGB; the first trainLimit/testLimit images of each class)',
  datasetKinds: ['image-classification'],
  requiredKernels: [...RESNET_KERNELS],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description:
        "The shortcut study in well under half an hour on 2 cores with the native backend (8 minutes on the 2-core machine the README measured): the first 100 Fashion-MNIST training images of each class (1000 images, all 10 classes: a PyTorch measurement here showed the depth effect clearly on such a set, and hardly on two classes) and 20 test images per class, 72 px (just above ResNet-50's 69 px minimum; 128 px would take about 3x longer), batch 16, 8 epochs (about 500 steps per run). Adam 1e-4, not the seed's 1e-3: in a PyTorch scan of this preset (scripts/peers/resnet_study_torch.py) ResNet-50 with shortcuts ended at 0.78 training accuracy with 1e-3 and swung by 0.1 between epochs, at 0.92 with 1e-4 (ResNet-18 0.90 and 0.95), while ResNet-50 without shortcuts stayed at 0.34 (the degradation holds). BatchNorm momentum 0.9, not Keras' 0.99: 500 steps are too few for 0.99's moving statistics to forget their start, which made ResNet-50's validation accuracy swing between 0.10 and 0.48.",
      values: { model: 'ResNet18', shortcut: true, size: 72, classes: 0, epochs: 8, batch: 16, lr: 0.0001, bnMomentum: 0.9, trainLimit: 100, testLimit: 20 },
    },
    {
      name: 'seed',
      description:
        "The seed's run: 224 px, 2 classes (sigmoid + binary cross-entropy), batch 16, 20 epochs, Adam 1e-3, the first 500 images of each class for training and 50 for test. Give the Kaggle cat-and-dog folder with --data (training_set/{cats,dogs}, test_set/{cats,dogs}); hours per run on a CPU.",
      values: { size: 224, classes: 2, epochs: 20, batch: 16, lr: 0.001, trainLimit: 500, testLimit: 50 },
    },
  ],
  metrics: [...CLASSIFIER_METRICS],
  headline: CLASSIFIER_HEADLINE,
  outputs: [...CLASSIFIER_OUTPUTS, { kind: 'model', name: 'model', description: 'The network as built: stem, blocks with their shortcuts, head, with shapes and parameters.' }],
  capabilities: {
    classifier: {
      defaultData: RESNET_DEFAULT_DATA,
      size: (c) => c.size,
      // 0 takes all of the dataset's classes, k its first k.
      classes: (c, available) => (c.classes > 0 ? Math.min(c.classes, available) : available),
      // Two classes: one sigmoid output with binary cross-entropy, as in the seed.
      binary: (classes) => classes === 2,
      build: async () => {
        const { buildResNet } = await import('./model')
        return (c, o) => buildResNet({ model: c.model, shortcut: c.shortcut, size: c.size, classes: o.classes, seed: o.seed })
      },
    },
    describe: async () => (await import('./describe')).describeConfig,
  },
  studies: [
    {
      label: 'Shortcut study',
      description: 'ResNet-18 and ResNet-50, with and without shortcuts: four runs with these settings and one seed.',
      sweep: [
        { key: 'model', values: ['ResNet18', 'ResNet50'] },
        { key: 'shortcut', values: [true, false] },
      ],
    },
  ],
  trainer: async () => (await import('./train')).trainResNet,
  benchStep: async () => (await import('./benchStep')).resnetBenchStep,
})
