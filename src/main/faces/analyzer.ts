/**
 * Faces in one image: found (SSD MobileNet v1), aligned (68 landmarks), cropped and described
 * (128-d, dlib ResNet-34 family), all with face-api's networks on Benchtop's inference backend.
 * Runs in the process that loaded the backend (the inference process, the bench), never in a UI's.
 */
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import type { BackendName, FaceImageResult, FoundFace } from '../../shared/api'
import { activateBackend, selectInferenceBackend, type BackendChoice } from '../detection/backend'
import { imageSize, ImageReadError, readRgb, type ImageSource } from '../detection/image'
import { loadFaceApi, type FaceApi, type FaceBox } from './faceApi'
import { FACE_LIMITS } from './limits'

export { FACE_LIMITS } from './limits'


const round1 = (v: number) => Math.round(v * 10) / 10

export class FaceAnalyzer {
  private constructor(
    readonly choice: BackendChoice,
    private readonly api: FaceApi,
  ) {}

  static async create(options: { backend?: BackendName } = {}): Promise<FaceAnalyzer> {
    const choice = await selectInferenceBackend(options.backend)
    const api = await loadFaceApi()
    return new FaceAnalyzer(choice, api)
  }

  get backend(): BackendName {
    return this.choice.name
  }

  /** Every face of the image; `name` is only for the result. Throws ImageReadError for unreadable images. */
  async analyse(source: ImageSource, name: string): Promise<FaceImageResult> {
    const t0 = performance.now()
    if (typeof source !== 'string' && source.length > FACE_LIMITS.maxBytes) {
      throw new ImageReadError(`too large (${(source.length / 2 ** 20).toFixed(1)} MB; at most ${FACE_LIMITS.maxBytes / 2 ** 20} MB)`)
    }
    const size = await imageSize(source)
    if (size.width * size.height > FACE_LIMITS.maxPixels) {
      throw new ImageReadError(`too many pixels (${size.width}x${size.height}; at most ${FACE_LIMITS.maxPixels / 1e6} megapixels)`)
    }
    const rgb = await readRgb(source, FACE_LIMITS.maxSide)
    const t1 = performance.now()
    await activateBackend(this.choice.name)
    const input = tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32')
    let found
    try {
      const options = new this.api.SsdMobilenetv1Options({ minConfidence: FACE_LIMITS.minConfidence, maxResults: FACE_LIMITS.maxFaces })
      found = await this.api.detectAllFaces(input, options).withFaceLandmarks().withFaceDescriptors()
    } finally {
      input.dispose()
    }
    const t2 = performance.now()
    found.sort((a, b) => b.detection.score - a.detection.score)
    const faces: FoundFace[] = []
    let tooSmall = 0
    for (const f of found) {
      const b = f.detection.box
      if (Math.min(b.width, b.height) < FACE_LIMITS.minFaceSize) {
        tooSmall++
        continue
      }
      const s = 1 / rgb.scale
      faces.push({
        box: [round1(b.x * s), round1(b.y * s), round1((b.x + b.width) * s), round1((b.y + b.height) * s)].map((v, i) =>
          Math.max(0, Math.min(i % 2 === 0 ? size.width : size.height, v)),
        ) as [number, number, number, number],
        score: Math.round(f.detection.score * 1e4) / 1e4,
        descriptor: Array.from(f.descriptor),
        cropBase64: await crop(rgb.data, rgb.width, rgb.height, f.alignedRect.box),
      })
    }
    return {
      image: name,
      width: size.width,
      height: size.height,
      backend: this.choice.name,
      faces,
      tooSmall,
      minFaceSize: FACE_LIMITS.minFaceSize,
      timings: { decodeMs: round1(t1 - t0), networkMs: round1(t2 - t1) },
    }
  }
}

/** The aligned face box, clipped, as a cropSize x cropSize PNG (base64). */
async function crop(data: Uint8Array, width: number, height: number, box: FaceBox): Promise<string> {
  const left = Math.max(0, Math.min(width - 1, Math.floor(box.x)))
  const top = Math.max(0, Math.min(height - 1, Math.floor(box.y)))
  const w = Math.max(1, Math.min(width - left, Math.round(box.width)))
  const h = Math.max(1, Math.min(height - top, Math.round(box.height)))
  const png = await sharp(Buffer.from(data.buffer, data.byteOffset, data.length), { raw: { width, height, channels: 3 } })
    .extract({ left, top, width: w, height: h })
    .resize(FACE_LIMITS.cropSize, FACE_LIMITS.cropSize, { fit: 'fill' })
    .png()
    .toBuffer()
  return png.toString('base64')
}
