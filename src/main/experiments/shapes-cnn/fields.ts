import type { ConfigOf, FieldSpec } from '../contract'

/** shapes-cnn's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'size', type: 'integer', shape: true, default: 32, min: 8, max: 256, why: 'Images are resized to size x size; 32 px keeps circles, squares and triangles apart while a step stays cheap.' },
  { key: 'classes', type: 'integer', shape: true, default: 3, min: 2, max: 6, why: 'Number of shape classes generated; ignored for an imported dataset, which brings its own classes.' },
  { key: 'trainCount', type: 'integer', default: 2000, min: 8, max: 100000, why: 'Synthetic training images; more images mean better generalisation and slower epochs.' },
  { key: 'testCount', type: 'integer', default: 400, min: 8, max: 20000, why: 'Held-out synthetic images for the validation metrics after each epoch.' },
  { key: 'filters', type: 'integer', shape: true, default: 16, min: 2, max: 128, why: 'Width of the first conv layer (the second has twice as many): the main knob of model size and step time.' },
  { key: 'epochs', type: 'integer', default: 10, min: 1, max: 1000, why: 'Passes over the training set; one checkpoint is saved per epoch.' },
  { key: 'batch', type: 'integer', default: 32, min: 1, max: 1024, why: 'Images per optimiser step; 32 is the usual default that keeps gradient noise moderate.' },
  { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is Adam's standard default." },
] as const satisfies readonly FieldSpec[]

export type ShapesCnnConfig = ConfigOf<typeof fields>

/** The dataset a run trains on when none is given: shapes generated from the config and the seed. */
export const SHAPES_CNN_DEFAULT_DATA = 'shapes'
