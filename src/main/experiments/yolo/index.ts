import { CNN_TRAINING_KERNELS } from '../../engine/kernels'
import { defineExperiment } from '../contract'
import { fields } from './fields'

/**
 * A YOLO-style detector trained from scratch (spec §3): grid cells, anchor boxes from k-means,
 * the per-anchor label [p_c, b_x, b_y, b_w, b_h, c_1..c_k], low p_c dropped, NMS per class;
 * mAP on held-out scenes after each epoch.
 */
export const experiment = defineExperiment({
  id: 'yolo',
  title: 'YOLO detector from scratch',
  description:
    'A small conv-BN-LeakyReLU backbone ending in an S x S grid with A anchors per cell (anchors by k-means on the training boxes), trained with the YOLO loss (box, objectness, class) on synthetic scenes of circles, squares and triangles or an imported YOLO txt / COCO JSON data set; mAP@0.5 and mAP@0.5:0.95 on held-out scenes after each epoch.',
  dataDescription: 'generated detection scenes: 1-8 filled or outlined circles, squares and triangles per image on noise, gradient and texture backgrounds (or an imported YOLO txt / COCO JSON data set)',
  datasetKinds: ['detection'],
  requiredKernels: [...CNN_TRAINING_KERNELS, 'FusedBatchNorm', 'LeakyRelu', 'Sigmoid', 'Log1p', 'Exp'],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description: '128 px scenes on an 8x8 grid with 3 anchors, 1200 training and 150 held-out scenes (half mirrored each epoch), 12 epochs of batch 16 with Adam 2e-3, warmed up and cosine-decayed: held-out mAP@0.5 0.85 in 8.5 minutes on an idle 2-core machine on the native backend (the target: at least 0.8 in about 10 minutes; measured in the README).',
      values: {},
    },
    {
      name: 'tiny',
      description: 'A smoke run in seconds: 64 px, a 4x4 grid, 2 anchors, 96 scenes, 3 epochs at a constant rate without warm-up (learns a little; for tests and trying the pages).',
      values: { size: 64, grid: 4, anchors: 2, width: 8, trainCount: 96, testCount: 24, epochs: 3, batch: 16, lr: 0.004, schedule: 'constant', warmupSteps: 0 },
    },
  ],
  metrics: [
    { name: 'loss', label: 'loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: 'loss_box', label: 'box loss (batch)', cadence: 'step', direction: 'lower', unit: '' },
    { name: 'loss_objectness', label: 'objectness loss (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
    { name: 'loss_class', label: 'class loss (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
    { name: 'epoch_loss', label: 'training loss (epoch mean)', cadence: 'epoch', direction: 'lower', unit: '' },
    { name: 'val_map50', label: 'validation mAP@0.5', cadence: 'epoch', direction: 'higher', unit: '' },
    { name: 'val_map50_95', label: 'validation mAP@0.5:0.95', cadence: 'epoch', direction: 'higher', unit: '' },
  ],
  headline: ['val_map50', 'val_map50_95', 'epoch_loss'],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'The loss and its three parts per step; mAP per epoch.' },
    { kind: 'boxes', name: 'anchors', description: 'The anchor boxes k-means chose on the training boxes (width x height of the image) and their mean IoU with them.' },
    { kind: 'pr-curves', name: 'average_precision', description: 'Per-class AP and the precision-recall curves at IoU 0.5 after every epoch.' },
    { kind: 'images', name: 'detections', description: 'Held-out scenes with true (green) and predicted (red) boxes after every epoch.' },
  ],
  capabilities: { handlers: { detect: async () => (await import('./detectHandler')).detectWithRun } },
  trainer: async () => (await import('./train')).trainYolo,
  benchStep: async () => (await import('./benchStep')).yoloBenchStep,
})
