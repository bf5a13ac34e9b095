/**
 * The `lm-score` and `lm-sample` inference handlers, for every experiment with the
 * `languageModel` capability, in the inference process (src/main/inference). Models are kept per
 * (run, checkpoint) in its least-recently-used cache, disposed once no call uses them.
 */
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../shared/lm/api'
import { LM_MAX_SAMPLES } from '../../shared/lm/api'
import type { InferenceContext, RunInput } from '../inference/contract'
import { RunStore } from '../store'
import { languageModelOf, loadLanguageModel, type LanguageModel } from './load'
import { sampleWords } from './sample'
import { scoreWords } from './score'

/** Models kept at once (a few hundred KB each at the seed's sizes). */
const MODELS_KEPT = 4

export interface LmScoreInput extends RunInput {
  words: string[]
  checkpoint?: string
}

export interface LmSampleInput extends RunInput {
  request: LmSampleRequest
}

let prodMode: Promise<void> | null = null

/** tf in prod mode: its console banner stays out of the output. */
function ready(): Promise<void> {
  prodMode ??= import('@tensorflow/tfjs-core').then((tf) => tf.enableProdMode())
  return prodMode
}

export async function lmScore(input: LmScoreInput, ctx: InferenceContext): Promise<LmScoreResult> {
  return use(input.runDir, input.checkpoint, ctx, (model) => {
    const scores = scoreWords(model, input.words, model.maxLength)
    return {
      runId: model.runId,
      checkpoint: model.checkpoint,
      maxLength: model.maxLength,
      words: scores.map((s) => ({ word: s.word, probability: s.p, logProbability: s.logp, letters: s.letters, end: s.end })),
    }
  })
}

export async function lmSample(input: LmSampleInput, ctx: InferenceContext): Promise<LmSampleResult> {
  const { n, temperature = 1, topK = 0 } = input.request
  if (!Number.isInteger(n) || n < 1 || n > LM_MAX_SAMPLES) throw new Error(`the number of words must be a whole number from 1 to ${LM_MAX_SAMPLES}, got ${n}`)
  const seed = input.request.seed ?? Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`the seed must be a whole number from 0 to 2^32-1, got ${seed}`)
  return use(input.runDir, input.request.checkpoint, ctx, (model) => {
    const words = sampleWords(model, { count: n, temperature, topK, seed }, model.maxLength)
    return { runId: model.runId, checkpoint: model.checkpoint, seed, temperature, topK, words }
  })
}

async function use<T>(runDir: string, checkpoint: string | undefined, ctx: InferenceContext, work: (model: LanguageModel) => T): Promise<T> {
  await ready()
  const { store, id } = RunStore.ofRunDir(runDir)
  languageModelOf(store, id)
  const chosen = store.latestCheckpoint(id, checkpoint)
  ctx.checkCancelled()
  // The checkpoint's write time is part of the key: a folder written anew is loaded anew.
  const models = ctx.models<LanguageModel>('language-model', MODELS_KEPT)
  return models.use(`${runDir}\0${chosen.name}@${chosen.time}`, () => loadLanguageModel(runDir, chosen.name), work)
}
