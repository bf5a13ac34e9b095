/**
 * A classifier run's trained model, rebuilt from params.json and loaded from one of its
 * checkpoints (weights by position, as training saved them), ready to classify images.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { CheckpointInfo, RunMeta } from '../../shared/api'
import type { ClassProbability } from '../../shared/prediction'
import { listCheckpoints } from '../lm/load'
import { checkpointName, loadModelWeights } from '../training/checkpoint'
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
 * `wanted` is a checkpoint name (`epoch-0003`) or an epoch number; by default the run's latest.
 * Throws, naming the ones there are, when it does not exist.
 */
export function chooseCheckpoint(runDir: string, wanted?: string): string {
  const meta = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta
  const available = listCheckpoints(runDir)
  const byEpoch = wanted !== undefined && /^\d+$/.test(wanted) ? checkpointName(Number(wanted)) : wanted
  const name = byEpoch ?? (meta.lastCheckpoint ? path.basename(meta.lastCheckpoint) : available.at(-1))
  if (!name) throw new Error(`run ${meta.id} has no checkpoint yet: the first is saved when its first epoch ends`)
  if (!available.includes(name)) throw new Error(`run ${meta.id} has no checkpoint '${name}'; its checkpoints: ${available.join(', ') || 'none'}`)
  return name
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
  const name = chooseCheckpoint(runDir, options.checkpoint)
  const backend = await inferenceBackend()
  const model = buildClassifierModel(run)
  try {
    const checkpoint = loadModelWeights(path.join(runDir, 'checkpoints', name), model)
    return classifier(run, model, checkpoint, backend)
  } catch (error) {
    model.dispose()
    throw error
  }
}
