import type { ConfigOf, FieldSpec } from '../contract'

/** triplet's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'backbone', type: 'enum', default: 'cnn', options: ['cnn', 'resnet18'], why: 'The network before the embedding layer: a small CNN (three conv stages, trains in minutes on a CPU) or the resnet experiment\'s ResNet-18 trunk (needs size >= 37; far slower without a GPU).' },
  { key: 'dim', type: 'integer', default: 128, min: 2, max: 1024, why: 'Length d of the L2-normalised embedding; 128 as in FaceNet and the face-api descriptor the Faces page uses.' },
  { key: 'filters', type: 'integer', default: 32, min: 4, max: 256, why: 'Width of the small CNN\'s first conv stage (then 2x and 4x): 32 fits Fashion-MNIST comfortably while a 64-image step stays well under 100 ms on 2 cores. Ignored by resnet18.' },
  { key: 'size', type: 'integer', default: 28, min: 8, max: 256, why: 'Images are resized to size x size; 28 is Fashion-MNIST\'s own size, so the stand-in dataset is used as it is.' },
  { key: 'classes', type: 'integer', default: 0, min: 0, max: 100000, why: 'Identities to use: the dataset\'s first k classes (in its class order); 0 takes all of them.' },
  { key: 'classesPerBatch', type: 'integer', default: 8, min: 2, max: 1000, why: 'P of the P x K batch: classes drawn per step (capped at the number there are). Several identities per batch give every anchor negatives to mine.' },
  { key: 'imagesPerClass', type: 'integer', default: 8, min: 2, max: 1000, why: 'K of the P x K batch: images per drawn class, so each anchor has K-1 positives; 8 x 8 = 64 images per step.' },
  { key: 'margin', type: 'number', default: 0.2, min: 0, max: 4, why: 'Alpha of the triplet loss max(d(A,P)^2 - d(A,N)^2 + alpha, 0); 0.2 is FaceNet\'s (squared distances of unit vectors lie in [0, 4]).' },
  { key: 'epochs', type: 'integer', default: 10, min: 1, max: 1000, why: 'Passes over the training images (an epoch is as many P x K batches as the images fill); held-out metrics and a checkpoint after each.' },
  { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is Adam's standard default." },
  { key: 'trainLimit', type: 'integer', default: 1000, min: 0, max: 100000, why: 'Training images per class, the first by file name (or source order); 0 keeps all. 1000 of each Fashion-MNIST class is a sixth of its training set.' },
  { key: 'testLimit', type: 'integer', default: 100, min: 0, max: 100000, why: 'Held-out images per class for the verification metrics (every pair of them is compared); 100 per class gives 1,000 images and about 500,000 pairs, scored in a second.' },
] as const satisfies readonly FieldSpec[]

export type TripletConfig = ConfigOf<typeof fields>

/** The dataset a triplet run uses when no --data is given: Fashion-MNIST's classes stand in for identities. */
export const TRIPLET_DEFAULT_DATA = 'fashion-mnist'
