import type { ExperimentInfo } from '../../../shared/api'
import { CNN_TRAINING_KERNELS } from '../../engine/kernels'

/**
 * Kernels a backend needs to train the ResNets: the CNN list plus BatchNormalization, the head's
 * average pool (and its gradient), the residual addition and the binary head's sigmoid.
 */
export const RESNET_KERNELS: readonly string[] = [...CNN_TRAINING_KERNELS, 'FusedBatchNorm', 'AvgPool', 'AvgPoolGrad', 'Add', 'Sigmoid']

/**
 * ResNet-18/50 with and without residual shortcuts (spec §1, the headline experiment): the same
 * network, the same initial weights, the additions on or off, to show the degradation problem.
 */
export const resnet: ExperimentInfo = {
  id: 'resnet',
  title: 'ResNet with and without shortcuts',
  description:
    "The seed's ResNet-18 and ResNet-50 (Keras layout: 7x7/2 stem, max-pool, basic or bottleneck blocks, 2x2 average pool, dense head) trained with or without their residual shortcuts on any image dataset given with --data (default fashion-mnist). Both variants start from the same weights in every layer they share; without shortcuts the deeper net trains worse.",
  datasetKinds: ['image-classification'],
  requiredKernels: [...RESNET_KERNELS],
  defaultPreset: 'quick',
  fields: [
    { key: 'model', type: 'enum', default: 'ResNet18', options: ['ResNet18', 'ResNet50'], why: 'ResNet-18 (8 basic blocks) or ResNet-50 (16 bottleneck blocks): the comparison needs both depths, because the point is that without shortcuts the deeper one trains worse.' },
    { key: 'shortcut', type: 'boolean', default: true, why: 'Residual additions (and their 1x1 projections) on or off; off is the plain network with otherwise identical layers and initial weights.' },
    { key: 'size', type: 'integer', default: 128, min: 16, max: 512, why: 'Images are resized to size x size. The seed used 224; 128 is the smallest comfortable size for ResNet-50, whose final feature map must stay at least 2x2 (ResNet-18 needs 37 px, ResNet-50 69 px).' },
    { key: 'classes', type: 'integer', default: 0, min: 0, max: 1000, why: "Classes to train on: the dataset's first k classes (in its class order); 0 takes all of them. Two classes give a single sigmoid output with binary cross-entropy, as in the seed; more give softmax." },
    { key: 'epochs', type: 'integer', default: 8, min: 1, max: 1000, why: 'Passes over the training images; one checkpoint per epoch. The seed trained 20.' },
    { key: 'batch', type: 'integer', default: 16, min: 1, max: 256, why: "Images per Adam step; 16 is the seed's batch (and BatchNorm needs more than a handful)." },
    { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is the seed's (Adam's default)." },
    { key: 'trainLimit', type: 'integer', default: 100, min: 0, max: 100000, why: 'Training images per class, the first by file name (or source order); 0 keeps all. The seed took 500 of each class; fewer keep a CPU run short.' },
    { key: 'testLimit', type: 'integer', default: 20, min: 0, max: 100000, why: 'Test images per class for the validation metrics after each epoch; 0 keeps all. The seed took 50 of each class.' },
  ],
  presets: [
    {
      name: 'quick',
      description:
        "The shortcut study in under 30 minutes on 2 cores with the native backend: the first 100 Fashion-MNIST training images of each class (1000 images, all 10 classes: a PyTorch measurement here showed the depth effect clearly on such a set, and hardly on two classes) and 20 test images per class, 72 px (just above ResNet-50's 69 px minimum; 128 px would take about 3x longer), batch 16, Adam 1e-3, 8 epochs (about 500 steps per run).",
      values: { model: 'ResNet18', shortcut: true, size: 72, classes: 0, epochs: 8, batch: 16, lr: 0.001, trainLimit: 100, testLimit: 20 },
    },
    {
      name: 'seed',
      description:
        "The seed's run: 224 px, 2 classes (sigmoid + binary cross-entropy), batch 16, 20 epochs, Adam 1e-3, the first 500 images of each class for training and 50 for test. Give the Kaggle cat-and-dog folder with --data (training_set/{cats,dogs}, test_set/{cats,dogs}); hours per run on a CPU.",
      values: { size: 224, classes: 2, epochs: 20, batch: 16, lr: 0.001, trainLimit: 500, testLimit: 50 },
    },
  ],
}
