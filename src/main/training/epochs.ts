import type * as tf from '@tensorflow/tfjs-core'
import { deriveSeed, mulberry32, permutation } from '../../shared/random'
import type { ProgressReporter } from '../experiments/types'
import { loadCheckpoint, type WeightsHolder } from './checkpoint'

/** Where a training loop starts: step 0 and epoch 1, or just after the checkpoint it resumes from. */
export async function startingPoint(o: {
  resumeFrom: string | null
  model: WeightsHolder
  optimizer: tf.Optimizer
  reporter: ProgressReporter
}): Promise<{ step: number; firstEpoch: number }> {
  if (!o.resumeFrom) return { step: 0, firstEpoch: 1 }
  const info = await loadCheckpoint(o.resumeFrom, o.model, o.optimizer)
  o.reporter.log(`resumed from ${info.name}: step ${info.step}, epoch ${info.epoch}`)
  return { step: info.step, firstEpoch: info.epoch + 1 }
}

/** The epoch's data order depends only on (seed, epoch): a resumed run sees the data a full run would. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  return permutation(mulberry32(deriveSeed(seed, 'shuffle', epoch)), n)
}
