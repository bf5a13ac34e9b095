/**
 * The Faces page's other kind of model: a finished run of an experiment with the `embed`
 * capability (triplet) describes each whole image as one vector, so the same matrix, threshold
 * and grouping compare any two images of the run's kind. The network is the experiment's own
 * inference (`capabilities.embedder.load()`), run in the face process on its inference backend;
 * loaded networks are kept per (run, checkpoint), the two most recent.
 */
import sharp from 'sharp'
import type { BackendName, FaceImageResult } from '../../shared/api'
import { ImageDecodeError } from '../datasets'
import { activateBackend, selectInferenceBackend } from '../detection/backend'
import { imageSize, ImageReadError } from '../detection/image'
import type { Embedder } from '../experiments/contract'
import { EXPERIMENTS, findExperiment } from '../experiments/registry'
import { RunStore } from '../store'
import { FACE_LIMITS } from './limits'

/** A run and, optionally, one of its checkpoints (a name or an epoch number; default the latest). */
export interface EmbeddingModelRef {
  runDir: string
  checkpoint?: string
}

/** Loaded networks kept at once (a few MB each). */
const KEEP = 2
const round1 = (v: number) => Math.round(v * 10) / 10

export class RunEmbedders {
  private readonly loaded = new Map<string, Promise<Embedder>>()

  constructor(private readonly backend?: BackendName) {}

  /** The run's embedder at its checkpoint, or an error saying why the run cannot embed. */
  private async embedder(ref: EmbeddingModelRef): Promise<Embedder> {
    const { store, id } = RunStore.ofRunDir(ref.runDir)
    const meta = store.readMeta(id)
    const capability = findExperiment(meta.experiment).capabilities.embedder
    if (!capability) {
      const able = EXPERIMENTS.filter((e) => e.capabilities.embedder).map((e) => e.id)
      throw new Error(`run ${meta.id} is a ${meta.experiment} run, which cannot compare images; runs of ${able.join(', ')} can`)
    }
    const checkpoint = store.latestCheckpoint(id, ref.checkpoint).name
    const key = `${store.runDir(id)}#${checkpoint}`
    let pending = this.loaded.get(key)
    if (!pending) {
      pending = (async () => {
        await activateBackend((await selectInferenceBackend(this.backend)).name)
        return (await capability.load())(ref.runDir, checkpoint)
      })()
      this.loaded.set(key, pending)
      pending.catch(() => this.loaded.delete(key))
      while (this.loaded.size > KEEP) {
        const [oldest, value] = this.loaded.entries().next().value!
        this.loaded.delete(oldest)
        void value.then((e) => e.dispose(), () => {})
      }
    }
    return pending
  }

  /** The whole image as one "face": its box is the image, its descriptor the run's embedding. */
  async describe(bytes: Uint8Array, name: string, ref: EmbeddingModelRef): Promise<FaceImageResult> {
    const t0 = performance.now()
    const embedder = await this.embedder(ref)
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
    const backend = (await selectInferenceBackend(this.backend)).name
    return {
      image: name,
      width: size.width,
      height: size.height,
      backend,
      faces: [{ box: [0, 0, size.width, size.height], score: 1, descriptor: out.vector, cropBase64: crop.toString('base64') }],
      tooSmall: 0,
      minFaceSize: 0,
      timings: { decodeMs: round1(t1 - t0), networkMs: round1(t2 - t1) },
      model: { runId: embedder.runId, checkpoint: embedder.checkpoint, epoch: embedder.epoch, threshold: embedder.threshold },
    }
  }
}
