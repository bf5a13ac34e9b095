import type { ConfigOf, FieldSpec } from '../contract'

/** yolo's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'size', type: 'integer', default: 128, min: 32, max: 512, why: 'Images are resized to size x size; a multiple of 16 keeps the grid exact. 128 px shows 8% objects (10 px) clearly while a step stays cheap on a CPU.' },
  { key: 'grid', type: 'integer', default: 8, min: 2, max: 32, why: 'S: cells per side of the output grid. The backbone halves the image four times, so size / 16 (8 at 128 px) needs no extra resizing.' },
  { key: 'anchors', type: 'integer', shape: true, default: 3, min: 1, max: 9, why: 'A: anchor boxes per cell, chosen by k-means (1 - IoU) on the training boxes as YOLOv2 does; 3 covers the small, middle and large objects of the built-in scenes.' },
  { key: 'width', type: 'integer', shape: true, default: 16, min: 4, max: 128, why: 'Channels of the first conv stage (doubling per stage up to 8x): the main knob of model size and step time.' },
  { key: 'trainCount', type: 'integer', default: 1200, min: 8, max: 100000, why: 'Generated training scenes (built-in data): enough that the detector sees every shape, style and background many times.' },
  { key: 'testCount', type: 'integer', default: 150, min: 4, max: 20000, why: 'Held-out scenes for mAP after each epoch.' },
  { key: 'epochs', type: 'integer', default: 12, min: 1, max: 1000, why: 'Passes over the training scenes; one checkpoint per epoch.' },
  { key: 'batch', type: 'integer', default: 16, min: 1, max: 256, why: 'Images per Adam step; 16 keeps BatchNorm statistics usable and a step short.' },
  { key: 'mirror', type: 'boolean', default: true, why: 'Each epoch mirrors a random half of the training scenes left-right (boxes with them): the shapes are symmetric, so this doubles the scenes the detector sees at no cost and curbs over-fitting to the generated set.' },
  { key: 'lr', type: 'number', default: 0.002, min: 1e-6, max: 1, why: "Adam's learning rate; a little above the usual 1e-3 because the detector starts from scratch." },
  { key: 'schedule', type: 'enum', options: ['cosine', 'constant'], default: 'cosine', why: 'After the warm-up the rate follows a half cosine from lr down to 2% of it at the last step (or stays at lr): the falling rate lifts the held-out mAP where a constant one levels off.' },
  { key: 'warmupSteps', type: 'integer', default: 30, min: 0, max: 100000, why: 'Steps over which the rate rises linearly from lr / warmupSteps to lr: the randomly initialised BatchNorm statistics and Adam moments settle before the full rate.' },
  { key: 'coordWeight', type: 'number', default: 5, min: 0, max: 100, why: "lambda_coord of YOLO v1: the box error of the few cells with an object weighs more than the many empty cells' objectness." },
  { key: 'noObjectWeight', type: 'number', default: 0.5, min: 0, max: 100, why: 'lambda_noobj of YOLO v1: down-weights the objectness loss of empty anchor slots, which outnumber the others.' },
  { key: 'classWeight', type: 'number', default: 1, min: 0, max: 100, why: 'Weight of the class cross-entropy in slots that hold an object.' },
  { key: 'scoreThreshold', type: 'number', default: 0.25, min: 0, max: 1, why: 'Detections scoring objectness x class probability below this are dropped before NMS (mAP is computed from 0.001 to keep the whole PR curve).' },
  { key: 'iouThreshold', type: 'number', default: 0.45, min: 0, max: 1, why: 'NMS removes a box overlapping a better one of its class by more than this IoU (the common 0.45).' },
] as const satisfies readonly FieldSpec[]

export type YoloConfig = ConfigOf<typeof fields>
