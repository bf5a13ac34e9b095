/** The model view of a classifier run: its network built from params.json, grouped into blocks. */
import type { ModelSummary } from '../../shared/prediction'
import { groupBlocks, layerRows } from '../modelview'
import { inferenceBackend } from './backend'
import { buildClassifierModel } from './buildModel'
import type { ClassifierRun } from './classifierRun'

/** Builds the run's (untrained) network once to read its layers; needs no checkpoint. */
export async function summarizeClassifier(run: ClassifierRun): Promise<ModelSummary> {
  await inferenceBackend()
  const model = await buildClassifierModel(run)
  try {
    const rows = layerRows(model)
    const dims = (shape: ReadonlyArray<number | null>) => shape.slice(1).map((d) => d ?? -1)
    return {
      runId: run.runId,
      experiment: run.experiment,
      model: model.name,
      inputShape: dims(model.inputs[0].shape),
      outputShape: dims(model.outputs[0].shape),
      params: model.countParams(),
      trainableParams: rows.reduce((sum, r) => sum + r.trainableParams, 0),
      classes: run.classes,
      blocks: groupBlocks(rows),
    }
  } finally {
    model.dispose()
  }
}
