/**
 * A classifier run's trained model, rebuilt from params.json and loaded from one of its
 * checkpoints (weights by position, as training saved them), ready to classify images.
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { CheckpointInfo } from '../../shared/api'
import type { ClassProbability } from '../../shared/prediction'
import { RunStore } from '../store'
import { loadModelWeights } from '../training/checkpoint'
import { inferenceBackend } from './backend'
import { buildClassifierModel } from './buildModel'
import { readClassifierRun, type ClassifierRun } from './classifierRun'
import { rankClasses } from './probabilities'

/** Images per forward pass: bounds the memory of a ResNet-50 at 224 px to a few hundred MB. */
const BATCH = 16

export interface Classifier {
  run: ClassifierRun
  checkpoint: CheckpointInfo
  backend: string
  model: tfl.LayersModel
  /** Each image [size, size, 3] RGB bytes -> its classes, most likely first. */
  classify(images: readonly Uint8Array[]): Promise<ClassProbability[][]>
  dispose(): void
}

/**
 * `wanted` is a checkpoint name (`epoch-0003`) or an epoch number; by default the run's latest
 * (the run store's one choice). Throws, naming the ones there are, when it does not exist.
 */
export function chooseCheckpoint(runDir: string, wanted?: string): string {
  const { store, id } = RunStore.ofRunDir(runDir)
  return store.latestCheckpoint(id, wanted).name
}

function classifier(run: ClassifierRun, model: tfl.LayersModel, checkpoint: CheckpointInfo, backend: string): Classifier {
  const pixels = run.size * run.size * 3
  const classify = async (images: readonly Uint8Array[]): Promise<ClassProbability[][]> => {
    const out: ClassProbability[][] = []
    for (let start = 0; start < images.length; start += BATCH) {
      const batch = images.slice(start, start + BATCH)
      const x = new Float32Array(batch.length * pixels)
      batch.forEach((img, i) => {
        if (img.length !== pixels) throw new Error(`image ${start + i} has ${img.length} bytes, the model takes ${run.size}x${run.size}x3`)
        // Training fed bytes / 255 (training/classifierLoop.ts makeBatch).
        for (let p = 0; p < pixels; p++) x[i * pixels + p] = img[p] / 255
      })
      // [b, size, size, 3] -> [b, classes] or [b, 1]
      const probs = tf.tidy(() => model.predict(tf.tensor4d(x, [batch.length, run.size, run.size, 3])) as tf.Tensor2D)
      const values = await probs.data()
      const width = probs.shape[1]
      probs.dispose()
      for (let i = 0; i < batch.length; i++) out.push(rankClasses(values.subarray(i * width, (i + 1) * width), run.classes, run.binary))
    }
    return out
  }
  return { run, checkpoint, backend, model, classify, dispose: () => model.dispose() }
}

/**
 * Loads `runDir`'s model at checkpoint `wanted` (default: the latest). `home` lets the class
 * names come from the dataset when the run has not validated yet.
 */
export async function loadClassifier(runDir: string, options: { checkpoint?: string; home?: string } = {}): Promise<Classifier> {
  const run = await readClassifierRun(runDir, options.home)
  const { store, id } = RunStore.ofRunDir(runDir)
  const chosen = store.latestCheckpoint(id, options.checkpoint)
  const backend = await inferenceBackend()
  const model = await buildClassifierModel(run)
  try {
    const checkpoint = loadModelWeights(chosen.dir, model)
    return classifier(run, model, checkpoint, backend)
  } catch (error) {
    model.dispose()
    throw error
  }
}
