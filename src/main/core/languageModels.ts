/**
 * `lmScore` and `lmSample` for the core: language models (the `languageModel` capability) loaded in the core's own process (a
 * handful of words through a small RNN takes milliseconds, far less than a process round trip),
 * kept per (run, checkpoint) in a small least-recently-used cache whose evicted models are
 * disposed once no call is using them. TensorFlow.js is imported on the first call only.
 */
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../shared/lm/api'
import { LM_MAX_SAMPLES } from '../../shared/lm/api'
import type { LanguageModel } from '../lm/load'
import type { RunStore } from '../store'
import { ModelCache } from './modelCache'

/** Thrown for a word or option the model cannot take; the message names it. */
export class LmRequestError extends Error {
  override readonly name = 'LmRequestError'
}

type LmModule = typeof import('../lm')

let lmModule: Promise<LmModule> | null = null

/** The lm functions and tf, loaded once; prod mode keeps tf's console banner out of the core's output. */
function loadLm(): Promise<LmModule> {
  lmModule ??= Promise.all([import('../lm'), import('@tensorflow/tfjs-core')]).then(([lm, tf]) => {
    tf.enableProdMode()
    return lm
  })
  return lmModule
}

export class LanguageModelService {
  private readonly models: ModelCache<LanguageModel>

  /** `capacity`: models kept at once (a few hundred KB each at the seed's sizes). */
  constructor(
    private readonly store: RunStore,
    capacity = 4,
  ) {
    this.models = new ModelCache(capacity)
  }

  async score(runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult> {
    const lm = await loadLm()
    return this.use(runId, checkpoint, (model) => {
      const scores = asRequestError(lm, () => lm.scoreWords(model, words, model.maxLength))
      return {
        runId: model.runId,
        checkpoint: model.checkpoint,
        maxLength: model.maxLength,
        words: scores.map((s) => ({ word: s.word, probability: s.p, logProbability: s.logp, letters: s.letters, end: s.end })),
      }
    })
  }

  async sample(runId: string, request: LmSampleRequest): Promise<LmSampleResult> {
    const { n, temperature = 1, topK = 0 } = request
    if (!Number.isInteger(n) || n < 1 || n > LM_MAX_SAMPLES) throw new LmRequestError(`the number of words must be a whole number from 1 to ${LM_MAX_SAMPLES}, got ${n}`)
    const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31)
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new LmRequestError(`the seed must be a whole number from 0 to 2^32-1, got ${seed}`)
    const lm = await loadLm()
    return this.use(runId, request.checkpoint, (model) => {
      const words = asRequestError(lm, () => lm.sampleWords(model, { count: n, temperature, topK, seed }, model.maxLength))
      return { runId: model.runId, checkpoint: model.checkpoint, seed, temperature, topK, words }
    })
  }

  /** Drops every model of a run (it was deleted). */
  forgetRun(runId: string): void {
    this.models.forget(`${runId}/`)
  }

  /** Drops every model. */
  clear(): void {
    this.models.clear()
  }

  /** Models held (loaded or loading). */
  get size(): number {
    return this.models.size
  }

  private async use<T>(query: string, checkpoint: string | undefined, work: (model: LanguageModel) => T): Promise<T> {
    const id = this.store.resolveRunId(query)
    const runDir = this.store.runDir(id)
    const lm = await loadLm()
    let chosen: { name: string; time: number }
    try {
      lm.languageModelOf(this.store, id)
      chosen = this.store.latestCheckpoint(id, checkpoint)
    } catch (error) {
      throw new LmRequestError((error as Error).message)
    }
    // The checkpoint's write time is part of the key: a folder written anew is loaded anew.
    return this.models.use(`${id}/${chosen.name}@${chosen.time}`, () => lm.loadLanguageModel(runDir, chosen.name), work)
  }
}

/** Runs `work`, turning the lm module's input errors into LmRequestError. */
function asRequestError<T>(lm: LmModule, work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (error instanceof lm.LmInputError) throw new LmRequestError(error.message)
    throw error
  }
}
