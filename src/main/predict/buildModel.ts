/** The untrained network of a classifier run, built exactly as its trainer builds it. */
import type * as tfl from '@tensorflow/tfjs-layers'
import { buildResNet, type ResNetName } from '../experiments/resnet/model'
import { buildShapesCnn } from '../experiments/shapes-cnn/model'
import type { ClassifierRun } from './classifierRun'

/** Input [batch, size, size, 3] in [0, 1]; output [batch, classes] softmax or [batch, 1] sigmoid. */
export function buildClassifierModel(run: ClassifierRun): tfl.LayersModel {
  const c = run.config
  const classes = run.classes.length
  if (run.experiment === 'resnet') {
    return buildResNet({ model: c.model as ResNetName, shortcut: Boolean(c.shortcut), size: run.size, classes, seed: run.seed })
  }
  return buildShapesCnn({ size: run.size, classes, filters: Number(c.filters), seed: run.seed })
}
