/**
 * The detector: image file (or bytes) -> candidates -> Benchtop's own NMS -> detections, in the
 * original image's pixel coordinates. Runs in the process that loaded the backend (the command
 * line, a worker), never in the UI's process.
 *
 * `candidates()` is what the app's Detect page caches: up to CANDIDATE_TOP_K scored boxes before
 * NMS, so its playground re-runs only `nms.ts` in the renderer when a slider moves.
 */
import type { BackendName } from '../../shared/api'
import { activateBackend, selectInferenceBackend, tfBackendName, type BackendChoice } from './backend'
import { CenterNet, CENTERNET } from './centernet'
import { decodeCenterNet, toOriginal } from './decode'
import type { Box } from '../../shared/detection/iou'
import { prepareImage, type FitMode, type ImageSource } from './image'
import { labelOf } from '../../shared/detection/labels'
import { nmsDetections } from '../../shared/detection/nms'
import { CANDIDATE_MIN_SCORE, CANDIDATE_TOP_K, DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE } from '../../shared/detection/defaults'

export { CANDIDATE_MIN_SCORE, CANDIDATE_TOP_K, DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE } from '../../shared/detection/defaults'

export interface Candidate {
  /** (x1, y1, x2, y2) in original image pixels, clipped to the image. */
  box: Box
  score: number
  classId: number
  label: string
}

export interface CandidateResult {
  width: number
  height: number
  /** Best first. */
  candidates: Candidate[]
  backend: BackendName
  timings: { decodeMs: number; inferenceMs: number; postMs: number }
}

export interface CandidateOptions {
  topK?: number
  minScore?: number
}

export interface DetectOptions {
  scoreThreshold?: number
  iouThreshold?: number
  maxDetections?: number
  classAgnostic?: boolean
}

export interface DetectionResult {
  width: number
  height: number
  /** After NMS, best first. */
  detections: Candidate[]
  /** How many candidates NMS started from. */
  candidates: number
  backend: BackendName
  timings: { decodeMs: number; inferenceMs: number; postMs: number; nmsMs: number }
}

export interface DetectorOptions {
  /** Use this backend only (default: the first of INFERENCE_ORDER that works). */
  backend?: BackendName
  fit?: FitMode
}

const models = new Map<string, Promise<CenterNet>>()

/** One model per tfjs backend per process: weights belong to the backend they were loaded on. */
function modelFor(tfBackend: string): Promise<CenterNet> {
  let model = models.get(tfBackend)
  if (!model) {
    model = CenterNet.load()
    models.set(tfBackend, model)
    model.catch(() => models.delete(tfBackend))
  }
  return model
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}

export class Detector {
  private constructor(
    readonly choice: BackendChoice,
    readonly model: CenterNet,
    readonly fit: FitMode,
  ) {}

  /** Selects a backend and loads the model (both cached for the process). */
  static async create(options: DetectorOptions = {}): Promise<Detector> {
    const choice = await selectInferenceBackend(options.backend)
    const model = await modelFor(tfBackendName(choice.name))
    return new Detector(choice, model, options.fit ?? 'stretch')
  }

  get backend(): BackendName {
    return this.choice.name
  }

  /** Decodes the image, runs the network and decodes its outputs: every candidate before NMS. */
  async candidates(source: ImageSource, options: CandidateOptions = {}): Promise<CandidateResult> {
    const t0 = performance.now()
    const image = await prepareImage(source, CENTERNET.inputSize, this.fit)
    const t1 = performance.now()
    await activateBackend(this.choice.name)
    const { dense } = await this.model.run(image.pixels)
    const t2 = performance.now()
    const raw = decodeCenterNet(dense, { topK: options.topK ?? CANDIDATE_TOP_K, minScore: options.minScore ?? CANDIDATE_MIN_SCORE })
    const candidates = raw.map((c) => ({ box: toOriginal(c.box, image.transform), score: c.score, classId: c.classId, label: labelOf(c.classId) }))
    const t3 = performance.now()
    return {
      width: image.width,
      height: image.height,
      candidates,
      backend: this.choice.name,
      timings: { decodeMs: round(t1 - t0), inferenceMs: round(t2 - t1), postMs: round(t3 - t2) },
    }
  }

  /** Candidates, then per-class (or class-agnostic) NMS. */
  async detect(source: ImageSource, options: DetectOptions = {}): Promise<DetectionResult> {
    const scoreThreshold = options.scoreThreshold ?? DEFAULT_SCORE
    const maxDetections = options.maxDetections ?? DEFAULT_MAX
    // Every candidate the threshold admits, and never fewer than the caller may keep.
    const found = await this.candidates(source, { minScore: scoreThreshold, topK: Math.max(CANDIDATE_TOP_K, maxDetections) })
    const t0 = performance.now()
    const { kept } = nmsDetections(found.candidates, {
      scoreThreshold,
      iouThreshold: options.iouThreshold ?? DEFAULT_IOU,
      maxDetections,
      classAgnostic: options.classAgnostic ?? false,
    })
    const nmsMs = round(performance.now() - t0)
    return {
      width: found.width,
      height: found.height,
      detections: kept,
      candidates: found.candidates.length,
      backend: found.backend,
      timings: { ...found.timings, nmsMs },
    }
  }
}
