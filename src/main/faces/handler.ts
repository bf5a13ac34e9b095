/**
 * The `find-faces` inference handler: faces found, aligned and described in one image, in the
 * inference process (src/main/inference), with face-api's networks loaded once per process.
 */
import type { DetectImage, FaceImageResult } from '../../shared/api'
import { ImageReadError } from '../detection/image'
import { decodeBase64Image } from '../inference/base64'
import type { InferenceContext } from '../inference/contract'
import { FaceAnalyzer } from './analyzer'

let analyzer: Promise<FaceAnalyzer> | null = null

function loadAnalyzer(): Promise<FaceAnalyzer> {
  if (!analyzer) {
    // BENCHTOP_FACE_BACKEND pins a backend (tests, the bench); else the first that works.
    const backend = process.env.BENCHTOP_FACE_BACKEND as FaceAnalyzer['backend'] | undefined
    analyzer = FaceAnalyzer.create({ backend: backend || undefined })
    analyzer.catch(() => (analyzer = null))
  }
  return analyzer
}

async function analyse(image: DetectImage, ctx: InferenceContext): Promise<FaceImageResult> {
  const bytes = decodeBase64Image(image.dataBase64)
  const a = await loadAnalyzer()
  ctx.checkCancelled()
  try {
    return await a.analyse(bytes, image.name)
  } catch (error) {
    if (error instanceof ImageReadError) {
      const m = error.message
      throw new Error(`${image.name}: ${m.startsWith('not a readable') || m.startsWith('too ') || m.startsWith('empty') ? m : `not a readable image: ${m}`}`)
    }
    throw error
  }
}

/** Every error names the image. */
export async function findFaces(image: DetectImage, ctx: InferenceContext): Promise<FaceImageResult> {
  try {
    return await analyse(image, ctx)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    throw new Error(text.startsWith(`${image.name}: `) ? text : `${image.name}: ${text}`)
  }
}
