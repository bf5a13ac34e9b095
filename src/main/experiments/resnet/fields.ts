import type { ConfigOf, FieldSpec } from '../contract'

/** resnet's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'model', type: 'enum', shape: true, default: 'ResNet18', options: ['ResNet18', 'ResNet50'], why: 'ResNet-18 (8 basic blocks) or ResNet-50 (16 bottleneck blocks): the comparison needs both depths, because the point is that without shortcuts the deeper one trains worse.' },
  { key: 'shortcut', type: 'boolean', shape: true, default: true, why: 'Residual additions (and their 1x1 projections) on or off; off is the plain network with otherwise identical layers and initial weights.' },
  { key: 'size', type: 'integer', shape: true, default: 128, min: 16, max: 512, why: 'Images are resized to size x size. The seed used 224; 128 is the smallest comfortable size for ResNet-50, whose final feature map must stay at least 2x2 (ResNet-18 needs 37 px, ResNet-50 69 px).' },
  { key: 'classes', type: 'integer', shape: true, default: 0, min: 0, max: 1000, why: "Classes to train on: the dataset's first k classes (in its class order); 0 takes all of them. Two classes give a single sigmoid output with binary cross-entropy, as in the seed; more give softmax." },
  { key: 'epochs', type: 'integer', default: 8, min: 1, max: 1000, why: 'Passes over the training images; one checkpoint per epoch. The seed trained 20.' },
  { key: 'batch', type: 'integer', default: 16, min: 1, max: 256, why: "Images per Adam step; 16 is the seed's batch (and BatchNorm needs more than a handful)." },
  { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is the seed's (Adam's default)." },
  { key: 'trainLimit', type: 'integer', default: 100, min: 0, max: 100000, why: 'Training images per class, the first by file name (or source order); 0 keeps all. The seed took 500 of each class; fewer keep a CPU run short.' },
  { key: 'bnMomentum', type: 'number', default: 0.99, min: 0, max: 0.999, why: "How much of BatchNorm's moving mean and variance (used for validation and prediction) each step keeps; 0.99 is Keras' default, as in the seed. Each step moves them 1 - momentum of the way to the batch's statistics, so 0.99 needs some 500 steps to forget the initial values: a run of a few dozen steps validates better with 0.9 (PyTorch's default, written 0.1 there)." },
  { key: 'testLimit', type: 'integer', default: 20, min: 0, max: 100000, why: 'Test images per class for the validation metrics after each epoch; 0 keeps all. The seed took 50 of each class.' },
] as const satisfies readonly FieldSpec[]

export type ResNetConfig = ConfigOf<typeof fields>

/** The dataset a resnet run uses when no --data is given. */
export const RESNET_DEFAULT_DATA = 'fashion-mnist'
