/**
 * The `classify` and `model-summary` inference handlers, for every experiment with the
 * `classifier` capability, in the inference process (src/main/inference). Classifiers are cached
 * per (run, checkpoint) there, model views per run (params.json is written once, so a run's
 * network never changes).
 */
import type { DetectImage } from '../../shared/api'
import type { ModelSummary, PredictionResult } from '../../shared/prediction'
import type { InferenceContext, RunInput } from '../inference/contract'
import { decodeBase64Image } from '../inference/base64'
import { RunStore } from '../store'
import { readClassifierRun } from './classifierRun'
import { classifyImages } from './classifyFiles'
import { loadClassifier, type Classifier } from './loadClassifier'
import { summarizeClassifier } from './modelSummary'

export interface ClassifyInput extends RunInput {
  /** Benchtop's home: class names of a run that has not validated yet come from its dataset. */
  home: string
  images: readonly DetectImage[]
  /** A checkpoint name or epoch; default the run's latest. */
  checkpoint?: string
}

/** A ResNet-50's weights take about 100 MB: two models at once. */
const CLASSIFIERS_KEPT = 2

export async function classify(input: ClassifyInput, ctx: InferenceContext): Promise<PredictionResult> {
  const { store, id } = RunStore.ofRunDir(input.runDir)
  const chosen = store.latestCheckpoint(id, input.checkpoint)
  // Fails early, with the reason, for a run that is not an image classifier.
  await readClassifierRun(input.runDir, input.home)
  // The checkpoint's write time is part of the key: a folder written anew is loaded anew.
  const key = `${input.runDir}\0${chosen.name}@${chosen.time}`
  const classifiers = ctx.models<Classifier>('classifier', CLASSIFIERS_KEPT)
  return classifiers.use(key, () => loadClassifier(input.runDir, { checkpoint: chosen.name, home: input.home }), async (classifier) => {
    ctx.checkCancelled()
    const inputs = input.images.map((image) => ({ file: image.name, bytes: new Uint8Array(decodeBase64Image(image.dataBase64)) }))
    return {
      runId: classifier.run.runId,
      checkpoint: classifier.checkpoint.name,
      epoch: classifier.checkpoint.epoch,
      size: classifier.run.size,
      backend: classifier.backend,
      classes: classifier.run.classes,
      predictions: await classifyImages(classifier, inputs),
    }
  })
}

export interface ModelSummaryInput extends RunInput {
  home: string
}

export async function modelSummary(input: ModelSummaryInput, ctx: InferenceContext): Promise<ModelSummary> {
  const summaries = ctx.models<{ summary: ModelSummary; dispose(): void }>('model-summary', 16)
  const held = await summaries.use(
    `${input.runDir}\0`,
    async () => ({ summary: await summarizeClassifier(await readClassifierRun(input.runDir, input.home)), dispose: () => {} }),
    (s) => s,
  )
  return held.summary
}
