/**
 * Using a finished triplet run (capability `embed`): its network rebuilt from params.json and
 * loaded from a checkpoint, images prepared as training prepared them (the datasets module's
 * decoder; grey R = G = B for runs trained on IDX data such as Fashion-MNIST), one unit vector
 * per image. Self-contained: whichever process runs inference calls `loadTripletEmbedder`.
 * Every read of the run goes through the run store.
 */
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import { DatasetRegistry, FASHION_MNIST_ID } from '../../datasets'
import { prepareImage } from '../../predict/preprocess'
import { RunStore } from '../../store'
import { loadModelWeights } from '../../training/checkpoint'
import type { Embedder } from '../contract'
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
export async function loadTripletEmbedder(runDir: string, wanted?: string): Promise<Embedder> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const meta = store.readMeta(id)
  const params = store.readParams(id) as { config: TripletConfig; seed: number; data: string | null }
  const c = params.config
  const chosen = store.latestCheckpoint(id, wanted)
  const grey = await trainedOnGrey(store, meta.dataset?.id ?? params.data ?? TRIPLET_DEFAULT_DATA)
  const model = buildEmbeddingNet({ backbone: c.backbone, size: c.size, dim: c.dim, filters: c.filters, seed: params.seed })
  try {
    loadModelWeights(chosen.dir, model)
  } catch (error) {
    model.dispose()
    throw error
  }
  return {
    runId: meta.id,
    checkpoint: chosen.name,
    epoch: chosen.epoch,
    dim: c.dim,
    size: c.size,
    threshold: thresholdAt(store, id, chosen.step),
    async embed(bytes) {
      const rgb = await prepareImage(bytes, c.size, grey)
      // [1, size, size, 3] in [0, 1], as training fed bytes / 255 -> [1, d]
      const e = tf.tidy(() => embed(model, tf.tensor4d(Float32Array.from(rgb, (v) => v / 255), [1, c.size, c.size, 3])))
      const vector = Array.from(await e.data())
      e.dispose()
      const png = await sharp(Buffer.from(rgb), { raw: { width: c.size, height: c.size, channels: 3 } }).png().toBuffer()
      return { vector, png: new Uint8Array(png), width: c.size, height: c.size }
    },
    dispose: () => model.dispose(),
  }
}
