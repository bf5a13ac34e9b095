/**
 * The Faces page's other kind of item: a whole image described by a finished run's embedding
 * network (capability `embed`, whose handler lives in the experiment's folder and calls this), so
 * the same matrix, threshold and grouping compare any two images of the run's kind. Shared here:
 * the file limits of the face pipeline, the error wording, and the result as a `FaceImageResult`
 * with one "face" covering the image.
 */
import sharp from 'sharp'
import type { DetectImage, FaceImageResult } from '../../shared/api'
import { ImageDecodeError } from '../datasets'
import { imageSize, ImageReadError } from '../detection/image'
import { decodeBase64Image } from '../inference/base64'
import { FACE_LIMITS } from './limits'

/** A loaded embedding network, as an experiment's `embed` handler holds it. */
export interface WholeImageEmbedder {
  runId: string
  checkpoint: string
  epoch: number
  /** "Same" when the Euclidean distance is at most this (the run's best on held-out pairs), or null. */
  threshold: number | null
  /** The backend its tensors run on. */
  backend: string
  /** An image file's bytes -> its embedding and the picture the network saw (PNG). Throws ImageDecodeError for bytes that are no image. */
  embed(bytes: Uint8Array): Promise<{ vector: number[]; png: Uint8Array }>
  dispose(): void
}

const round1 = (v: number) => Math.round(v * 10) / 10

async function describe(embedder: WholeImageEmbedder, image: DetectImage): Promise<FaceImageResult> {
  const t0 = performance.now()
  const bytes = decodeBase64Image(image.dataBase64)
  if (bytes.length > FACE_LIMITS.maxBytes) throw new ImageReadError(`too large (${(bytes.length / 2 ** 20).toFixed(1)} MB; at most ${FACE_LIMITS.maxBytes / 2 ** 20} MB)`)
  const size = await imageSize(bytes)
  if (size.width * size.height > FACE_LIMITS.maxPixels) throw new ImageReadError(`too many pixels (${size.width}x${size.height}; at most ${FACE_LIMITS.maxPixels / 1e6} megapixels)`)
  const t1 = performance.now()
  let out
  try {
    out = await embedder.embed(bytes)
  } catch (error) {
    if (error instanceof ImageDecodeError) throw new ImageReadError(`not a readable image: ${error.message}`)
    throw error
  }
  const t2 = performance.now()
  // The network's input, enlarged without smoothing to the crop size the page shows.
  const crop = await sharp(Buffer.from(out.png)).resize(FACE_LIMITS.cropSize, FACE_LIMITS.cropSize, { kernel: 'nearest' }).png().toBuffer()
  return {
    image: image.name,
    width: size.width,
    height: size.height,
    backend: embedder.backend,
    faces: [{ box: [0, 0, size.width, size.height], score: 1, descriptor: out.vector, cropBase64: crop.toString('base64') }],
    tooSmall: 0,
    minFaceSize: 0,
    timings: { decodeMs: round1(t1 - t0), networkMs: round1(t2 - t1) },
    model: { runId: embedder.runId, checkpoint: embedder.checkpoint, epoch: embedder.epoch, threshold: embedder.threshold },
  }
}

/** The whole image as one "face"; every error names the image, as find-faces' do. */
export async function describeWholeImage(embedder: WholeImageEmbedder, image: DetectImage): Promise<FaceImageResult> {
  try {
    return await describe(embedder, image)
  } catch (error) {
    const m = error instanceof Error ? error.message : String(error)
    if (error instanceof ImageReadError) throw new Error(`${image.name}: ${m.startsWith('not a readable') || m.startsWith('too ') || m.startsWith('empty') ? m : `not a readable image: ${m}`}`)
    throw new Error(m.startsWith(`${image.name}: `) ? m : `${image.name}: ${m}`)
  }
}
