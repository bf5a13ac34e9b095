/**
 * Loading a language-model run's model (an experiment with the `languageModel` capability) from
 * one of its checkpoints, rebuilt from the run's params.json, for scoring and sampling outside
 * training (command line, app). Run files are read through the run store.
 */
import * as tf from '@tensorflow/tfjs-core'
// Scoring a few words needs no fast backend; the cpu one is there in every process.
import '@tensorflow/tfjs-backend-cpu'
import type { CheckpointInfo } from '../../shared/api'
import type { LetterModelHandle, ResolvedConfig } from '../experiments/contract'
import { EXPERIMENTS, findExperiment } from '../experiments/registry'
import { RunStore } from '../store'
import { loadModelWeights } from '../training/checkpoint'
import type { LetterModel } from './score'

export interface LanguageModel extends LetterModel {
  model: LetterModelHandle
  maxLength: number
  runId: string
  checkpoint: CheckpointInfo
  config: ResolvedConfig
  dispose(): void
}

/** Thrown for a run whose experiment has no language model. */
export class NotALanguageModelError extends Error {}

/** The run's experiment's language-model capability, or NotALanguageModelError naming the experiment. */
export function languageModelOf(store: RunStore, id: string) {
  const meta = store.readMeta(id)
  const capability = findExperiment(meta.experiment).capabilities.languageModel
  if (!capability) {
    const names = EXPERIMENTS.filter((e) => e.capabilities.languageModel).map((e) => e.id)
    throw new NotALanguageModelError(`run ${meta.id} is a ${meta.experiment} run; only ${names.join(' and ')} runs have a language model`)
  }
  return capability
}

/**
 * The model of a language-model run at checkpoint `wanted` (a name such as `epoch-0003`, or just
 * the epoch number), by default its last checkpoint. `runDir` is `<home>/runs/<id>`.
 */
export async function loadLanguageModel(runDir: string, wanted?: string): Promise<LanguageModel> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const capability = languageModelOf(store, id)
  const params = store.readParams(id) as { config: ResolvedConfig; seed: number }
  const checkpointInfo = store.latestCheckpoint(id, wanted)
  await tf.ready()
  const config = params.config
  const build = await capability.build()
  const model = build(config, params.seed)
  try {
    const checkpoint = loadModelWeights(checkpointInfo.dir, model)
    return {
      model,
      maxLength: capability.maxLength(config),
      runId: id,
      checkpoint,
      config,
      logits: (targets) => model.logits(targets),
      dispose: () => model.dispose(),
    }
  } catch (error) {
    model.dispose()
    throw error
  }
}
