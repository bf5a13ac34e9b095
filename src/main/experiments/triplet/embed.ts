/**
 * Using a finished triplet run (capability `embed`, in the inference process): its network
 * rebuilt from params.json and loaded from a checkpoint, images prepared as training prepared
 * them (the datasets module's decoder; grey R = G = B for runs trained on IDX data such as
 * Fashion-MNIST), one unit vector per image, returned as the Faces page's whole-image item.
 * `loadTripletEmbedder` is self-contained; `embedImage` is the handler around it, with the
 * networks cached per (run, checkpoint). Every read of the run goes through the run store.
 */
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import type { DetectImage, FaceImageResult } from '../../../shared/api'
import { DatasetRegistry, FASHION_MNIST_ID } from '../../datasets'
import { describeWholeImage, type WholeImageEmbedder } from '../../faces/wholeImage'
import type { InferenceContext, RunInput } from '../../inference/contract'
import { inferenceBackend } from '../../predict/backend'
import { prepareImage } from '../../predict/preprocess'
import { RunStore } from '../../store'
import { loadWeightsOrDispose } from '../../training/checkpoint'
import { TRIPLET_DEFAULT_DATA, type TripletConfig } from './fields'
import { buildEmbeddingNet, embed } from './model'
import type { RocSample } from './outputs'

/** The best threshold of the last validation at or before the checkpoint's step, or null. */
function thresholdAt(store: RunStore, id: string, step: number): number | null {
  const records = store.readSamples(id, 'roc').filter((r) => r.step <= step)
  const t = (records.at(-1)?.value as Partial<RocSample> | undefined)?.threshold
  return typeof t === 'number' && Number.isFinite(t) ? t : null
}

async function trainedOnGrey(store: RunStore, dataId: string): Promise<boolean> {
  if (dataId === FASHION_MNIST_ID) return true
  return (await new DatasetRegistry(store.home).get(dataId))?.format === 'idx'
}

/** `runDir`'s network at checkpoint `wanted` (a name or an epoch number; default the latest). */
export async function loadTripletEmbedder(runDir: string, wanted?: string): Promise<WholeImageEmbedder> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const meta = store.readMeta(id)
  const params = store.readParams(id) as { config: TripletConfig; seed: number; data: string | null }
  const c = params.config
  const chosen = store.latestCheckpoint(id, wanted)
  const backend = await inferenceBackend()
  const grey = await trainedOnGrey(store, meta.dataset?.id ?? params.data ?? TRIPLET_DEFAULT_DATA)
  const model = buildEmbeddingNet({ backbone: c.backbone, size: c.size, dim: c.dim, filters: c.filters, seed: params.seed })
  loadWeightsOrDispose(chosen.dir, model)
  return {
    runId: meta.id,
    checkpoint: chosen.name,
    epoch: chosen.epoch,
    backend,
    threshold: thresholdAt(store, id, chosen.step),
    async embed(bytes) {
      const rgb = await prepareImage(bytes, c.size, grey)
      // [1, size, size, 3] in [0, 1], as training fed bytes / 255 -> [1, d]
      const e = tf.tidy(() => embed(model, tf.tensor4d(Float32Array.from(rgb, (v) => v / 255), [1, c.size, c.size, 3])))
      const vector = Array.from(await e.data())
      e.dispose()
      const png = await sharp(Buffer.from(rgb), { raw: { width: c.size, height: c.size, channels: 3 } }).png().toBuffer()
      return { vector, png: new Uint8Array(png) }
    },
    dispose: () => model.dispose(),
  }
}

export interface EmbedInput extends RunInput {
  image: DetectImage
  /** A checkpoint name or an epoch number; default the run's latest. */
  checkpoint?: string
}

/** Networks kept loaded at once (a few MB each). */
const KEEP = 2

/** The `embed` handler: one image described whole by the run's network. */
export async function embedImage(input: EmbedInput, ctx: InferenceContext): Promise<FaceImageResult> {
  const { store, id } = RunStore.ofRunDir(input.runDir)
  const checkpoint = store.latestCheckpoint(id, input.checkpoint).name
  ctx.checkCancelled()
  return ctx.models<WholeImageEmbedder>('embedder', KEEP).use(
    `${input.runDir}\0${checkpoint}`,
    () => loadTripletEmbedder(input.runDir, checkpoint),
    (embedder) => describeWholeImage(embedder, input.image),
  )
}
