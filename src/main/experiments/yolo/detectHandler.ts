/**
 * yolo's `detect` inference handler: a finished run's candidates (before NMS) in one image, in the
 * inference process, the run's detector loaded once per run folder and kept in the process's
 * model cache. The reply is the Detect page's DetectionResult, with the run's class names and
 * thresholds in `model`. Every error names the image.
 */
import type { DetectImage, DetectionResult } from '../../../shared/api'
import { decodeBase64Image } from '../../inference/base64'
import type { InferenceContext, RunInput } from '../../inference/contract'
import { loadYoloDetector, type RunDetector } from './detector'

/** Detectors kept at once (each a few MB). */
const CAPACITY = 2

export type DetectInput = RunInput & DetectImage & { minScore?: number }

export async function detectWithRun(input: DetectInput, ctx: InferenceContext): Promise<DetectionResult> {
  try {
    const bytes = decodeBase64Image(input.dataBase64)
    const cache = ctx.models<RunDetector>('yolo-detector', CAPACITY)
    return await cache.use(`${input.runDir}\0latest`, () => loadYoloDetector(input.runDir), async (d) => {
      ctx.checkCancelled()
      const found = await d.candidates(bytes, input.minScore)
      return {
        image: input.name,
        width: found.width,
        height: found.height,
        backend: d.backend,
        timings: found.timings,
        candidates: found.candidates,
        model: { runId: d.runId, classNames: d.classNames, scoreThreshold: d.scoreThreshold, iouThreshold: d.iouThreshold },
      }
    })
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    throw new Error(text.startsWith(`${input.name}: `) ? text : `${input.name}: ${text}`)
  }
}
