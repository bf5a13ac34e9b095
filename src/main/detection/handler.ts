/**
 * The `detect-candidates` inference handler: CenterNet's candidates (before NMS) in one image, in
 * the inference process (src/main/inference), with the detector loaded once per process.
 */
import type { DetectImage, DetectionResult } from '../../shared/api'
import type { InferenceContext } from '../inference/contract'
import { Detector } from './detector'
import { decodeBase64Image } from '../inference/base64'
import { ImageReadError } from './image'

let detector: Promise<Detector> | null = null

function loadDetector(): Promise<Detector> {
  if (!detector) {
    detector = Detector.create()
    detector.catch(() => (detector = null))
  }
  return detector
}

async function candidates(image: DetectImage, ctx: InferenceContext): Promise<DetectionResult> {
  const bytes = decodeBase64Image(image.dataBase64)
  const d = await loadDetector()
  ctx.checkCancelled()
  let found
  try {
    found = await d.candidates(bytes)
  } catch (error) {
    // ImageReadError's message already says what is wrong ("not a readable image: ...", "empty file (0 bytes)").
    if (error instanceof ImageReadError) throw new Error(`${image.name}: ${error.message}`)
    throw error
  }
  return {
    image: image.name,
    width: found.width,
    height: found.height,
    backend: found.backend,
    timings: { decodeMs: found.timings.decodeMs, networkMs: Math.round((found.timings.inferenceMs + found.timings.postMs) * 10) / 10 },
    candidates: found.candidates.map((c) => ({ box: [c.box[0], c.box[1], c.box[2], c.box[3]], score: c.score, classId: c.classId, label: c.label })),
  }
}

/** Every error names the image. */
export async function detectCandidates(image: DetectImage, ctx: InferenceContext): Promise<DetectionResult> {
  try {
    return await candidates(image, ctx)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    throw new Error(text.startsWith(`${image.name}: `) ? text : `${image.name}: ${text}`)
  }
}
