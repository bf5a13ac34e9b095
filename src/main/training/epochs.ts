import type * as tf from '@tensorflow/tfjs-core'
import { deriveSeed, mulberry32, permutation } from '../../shared/random'
import type { TrainerContext, WeightsHolder } from '../experiments/contract'

/** Where a training loop starts: step 0 and epoch 1, or just after the checkpoint it resumes from. */
export async function startingPoint(o: { ctx: TrainerContext; model: WeightsHolder; optimizer: tf.Optimizer }): Promise<{ step: number; firstEpoch: number }> {
  const info = await o.ctx.resume({ model: o.model, optimizers: { optimizer: o.optimizer } })
  return info ? { step: info.step, firstEpoch: info.epoch + 1 } : { step: 0, firstEpoch: 1 }
}

/** The epoch's data order depends only on (seed, epoch): a resumed run sees the data a full run would. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  return permutation(mulberry32(deriveSeed(seed, 'shuffle', epoch)), n)
}
