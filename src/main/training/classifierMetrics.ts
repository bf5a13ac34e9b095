/** What the shared classifier loop (classifierLoop.ts) writes: the metrics and outputs of every image classifier. */
import type { MetricSpec, OutputSpec } from '../../shared/api'

export const CLASSIFIER_METRICS: readonly MetricSpec[] = [
  { name: 'loss', label: 'loss (batch)', cadence: 'step', direction: 'lower', unit: 'nats' },
  { name: 'accuracy', label: 'accuracy (batch)', cadence: 'step', direction: 'higher', unit: '' },
  { name: 'epoch_loss', label: 'training loss (epoch mean)', cadence: 'epoch', direction: 'lower', unit: 'nats' },
  { name: 'epoch_accuracy', label: 'training accuracy (epoch)', cadence: 'epoch', direction: 'higher', unit: '' },
  { name: 'val_loss', label: 'validation loss', cadence: 'epoch', direction: 'lower', unit: 'nats' },
  { name: 'val_accuracy', label: 'validation accuracy', cadence: 'epoch', direction: 'higher', unit: '' },
]

/** Validation first: a batch's accuracy (16 images) says little next to the held-out set's. */
export const CLASSIFIER_HEADLINE: readonly string[] = ['val_accuracy', 'val_loss', 'epoch_accuracy']

/** The sample and image series of the classifiers' predictions (a contact sheet and who is who on it). */
export const PREDICTIONS_OUTPUT = 'predictions'

export const CLASSIFIER_OUTPUTS: readonly OutputSpec[] = [
  { kind: 'scalars', name: 'scalars', description: 'Loss and accuracy per step and per epoch, validation per epoch.' },
  { kind: 'confusion-matrix', name: 'confusion', description: 'The validation confusion matrix after every epoch.' },
  {
    kind: 'predictions',
    name: PREDICTIONS_OUTPUT,
    description: 'Validation images (every kind of mistake first) with their true and predicted class, after every epoch: a contact sheet and its labels.',
  },
]
