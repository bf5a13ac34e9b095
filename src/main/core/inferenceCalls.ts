/**
 * The core's inference calls: classify, model summary, language models, detection, faces, and what
 * a run's experiment brings itself (stylise, upscale, embed, detect). Each one runs in the inference
 * process (inference/host.ts), never in the core's own; here a run id becomes the run's folder.
 */
import type { Capability, DetectImage, DetectionResult, FaceImageResult, StyliseRequest, StyliseResult, UpscaleImageResult } from '../../shared/api'
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../shared/lm/api'
import type { ModelSummary, PredictionResult } from '../../shared/prediction'
import type { InferenceHost, CallOptions } from '../inference/host'
import { runHandlerName } from '../inference/handlers'
import type { ClassifyInput, ModelSummaryInput } from '../predict/handler'
import type { LmSampleInput, LmScoreInput } from '../lm/handler'
import type { RunStore } from '../store'

export class InferenceCalls {
  constructor(
    private readonly home: string,
    private readonly store: RunStore,
    private readonly inference: InferenceHost,
  ) {}

  detectCandidates(image: DetectImage, runId?: string): Promise<DetectionResult> {
    // A finished run whose experiment brings a `detect` handler (yolo), or the pretrained CenterNet.
    if (runId !== undefined) return this.runInference<DetectionResult>(runId, 'detect', { name: image.name, dataBase64: image.dataBase64 }, { what: `detecting objects in ${image.name} with run ${runId}` })
    return this.inference.call('detect-candidates', image, { what: `detecting objects in ${image.name}` })
  }

  /**
   * With `model`, the `embed` capability of that run's experiment describes each whole image
   * (one "face" per image) instead of face-api; the run's own problems (not an embedding run, no
   * such checkpoint) are said once, without an image name.
   */
  findFaces(image: DetectImage, model?: string, checkpoint?: string): Promise<FaceImageResult> {
    if (model === undefined) return this.inference.call('find-faces', image, { what: `finding faces in ${image.name}` })
    this.store.latestCheckpoint(this.store.resolveRunId(model), checkpoint)
    return this.runInference(model, 'embed', { image, ...(checkpoint === undefined ? {} : { checkpoint }) }, { what: image.name })
  }

  /** The `stylise` capability of the run's experiment (a restyle takes as long as the run's optimisation). */
  styliseImage(runId: string, request: StyliseRequest): Promise<StyliseResult> {
    return this.runInference(runId, 'stylise', { content: request.content, steps: request.steps })
  }

  /** The `upscale` capability of the run's experiment. */
  upscaleImage(runId: string, image: DetectImage, checkpoint?: string): Promise<UpscaleImageResult> {
    return this.runInference(runId, 'upscale', { image, checkpoint })
  }

  async predictImages(runId: string, images: DetectImage[], checkpoint?: string): Promise<PredictionResult> {
    const id = this.store.resolveRunId(runId)
    const input: ClassifyInput = { runDir: this.store.runDir(id), home: this.home, images, checkpoint }
    return this.inference.call('classify', input, { what: `classifying with run ${id}` })
  }

  async modelSummary(runId: string): Promise<ModelSummary> {
    const id = this.store.resolveRunId(runId)
    const input: ModelSummaryInput = { runDir: this.store.runDir(id), home: this.home }
    return this.inference.call('model-summary', input, { what: `the model view of run ${id}` })
  }

  async lmScore(runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult> {
    const id = this.store.resolveRunId(runId)
    const input: LmScoreInput = { runDir: this.store.runDir(id), words, checkpoint }
    return this.inference.call('lm-score', input, { what: `scoring words with run ${id}` })
  }

  async lmSample(runId: string, request: LmSampleRequest): Promise<LmSampleResult> {
    const id = this.store.resolveRunId(runId)
    const input: LmSampleInput = { runDir: this.store.runDir(id), request }
    return this.inference.call('lm-sample', input, { what: `sampling words with run ${id}` })
  }

  /**
   * What a finished run's experiment brings itself for `capability` (its `capabilities.handlers`):
   * `input` plus `{ runDir }` goes to the handler, its result comes back.
   */
  async runInference<O>(runId: string, capability: Capability, input: Record<string, unknown>, options?: CallOptions): Promise<O> {
    const id = this.store.resolveRunId(runId)
    const handler = runHandlerName(this.store.readMeta(id).experiment, capability, id)
    return this.inference.call<O>(handler, { ...input, runDir: this.store.runDir(id) }, { what: `${capability} with run ${id}`, ...options })
  }
}
