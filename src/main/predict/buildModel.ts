/** The untrained network of a classifier run, built by its experiment exactly as its trainer builds it. */
import type * as tfl from '@tensorflow/tfjs-layers'
import type { ClassifierRun } from './classifierRun'

/** Input [batch, size, size, 3] in [0, 1]; output [batch, classes] softmax or [batch, 1] sigmoid. */
export async function buildClassifierModel(run: ClassifierRun): Promise<tfl.LayersModel> {
  const build = await run.capability.build()
  return build(run.config, { classes: run.classes.length, seed: run.seed })
}
