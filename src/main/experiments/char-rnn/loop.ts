/**
 * The char-rnn training loop: per-epoch shuffling from the run's seed, one Adam step per batch
 * with the gradients clipped by their global norm, then per epoch the held-out loss, sampled
 * words, the seed's test-word probabilities and a checkpoint. A run resumed from a checkpoint
 * sees the same batches and dropout masks as one that never stopped.
 */
import * as tf from '@tensorflow/tfjs-core'
import { deriveSeed } from '../../../shared/random'
import { rankPairs, scoreWords } from '../../lm/score'
import { sampleWords } from '../../lm/sample'
import { SEED_TEST_WORDS } from '../../lm/words'
import { checkpointName } from '../../training/checkpoint'
import { epochOrder, startingPoint } from '../../training/epochs'
import type { TrainerContext } from '../contract'
import { clipByGlobalNorm } from './clip'
import { pickLogSoftmax, sequenceLoss } from './loss'
import type { CharModel } from './model'

export interface LmLoopOptions {
  model: CharModel
  optimizer: tf.Optimizer
  /** Letter indices [words, maxLength + 1]. */
  train: Int32Array
  val: Int32Array
  maxLength: number
  epochs: number
  batch: number
  /** Global gradient-norm limit; 0 turns clipping off. */
  clip: number
  seed: number
  /** Checkpoints, resume, cancel and reporting (training/context.ts). */
  ctx: TrainerContext
}

/** Words sampled after each epoch, as the seed suggests for word-like output: top-3, temperature 1. */
export const EPOCH_SAMPLES = { count: 10, topK: 3, temperature: 1 }

/** Rows `indices` of `codes` as targets [b, T] and, time-major, the labels the loss reads. */
function makeBatch(codes: Int32Array, indices: ArrayLike<number>, steps: number): { targets: tf.Tensor2D; labels: Int32Array } {
  const b = indices.length
  const rows = new Int32Array(b * steps)
  const labels = new Int32Array(b * steps)
  for (let i = 0; i < b; i++) {
    for (let t = 0; t < steps; t++) {
      const c = codes[indices[i] * steps + t]
      rows[i * steps + t] = c
      labels[t * b + i] = c
    }
  }
  return { targets: tf.tensor2d(rows, [b, steps], 'int32'), labels }
}

/** Mean over the words of `codes` of the summed cross-entropy, without dropout. */
function heldOutLoss(o: LmLoopOptions, steps: number): number {
  const n = o.val.length / steps
  let sum = 0
  for (let start = 0; start < n; start += o.batch) {
    const indices = Array.from({ length: Math.min(o.batch, n - start) }, (_, i) => start + i)
    const { targets, labels } = makeBatch(o.val, indices, steps)
    const logits = o.model.timeMajorLogits(targets)
    const { logp } = pickLogSoftmax(logits.dataSync(), labels)
    tf.dispose([targets, logits])
    for (let i = 0; i < logp.length; i++) sum -= logp[i]
  }
  return sum / Math.max(n, 1)
}

/** What one training step reads from the loop's options (the bench step calls it too). */
export type LmStepOptions = Pick<LmLoopOptions, 'model' | 'optimizer' | 'train' | 'clip' | 'seed'>

/** One optimiser step; returns the batch's loss and the gradients' norm before clipping. */
export async function trainStep(o: LmStepOptions, indices: ArrayLike<number>, steps: number, step: number): Promise<[number, number]> {
  const { targets, labels } = makeBatch(o.train, indices, steps)
  // RNN2's dropout mask depends on (seed, step) only, so a resumed run draws the same masks.
  const dropoutSeed = o.model.kind === 'rnn1' ? undefined : deriveSeed(o.seed, 'dropout', step)
  const [lossT, normT] = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => sequenceLoss(o.model.timeMajorLogits(targets, dropoutSeed), labels, indices.length),
      o.model.variables,
    )
    const { clipped, norm } = clipByGlobalNorm(
      o.model.variables.map((v) => grads[v.name]),
      o.clip,
    )
    // By position, in the model's variable order: the order Adam's slots are saved in.
    o.optimizer.applyGradients(o.model.variables.map((v, i) => ({ name: v.name, tensor: clipped[i] })))
    return [value, norm]
  })
  const [loss, norm] = [(await lossT.data())[0], (await normT.data())[0]]
  tf.dispose([targets, lossT, normT])
  return [loss, norm]
}

function reportEpochSamples(o: LmLoopOptions, step: number, epoch: number): string {
  const sampled = sampleWords(o.model, { ...EPOCH_SAMPLES, seed: deriveSeed(o.seed, 'sample', epoch) }, o.maxLength)
  o.ctx.reporter.sample('words', step, { ...EPOCH_SAMPLES, words: sampled })
  const scores = scoreWords(o.model, SEED_TEST_WORDS.filter((w) => w.length <= o.maxLength), o.maxLength)
  const pairs = rankPairs(scores)
  o.ctx.reporter.sample('word_probs', step, { words: scores.map(({ word, p, logp }) => ({ word, p, logp })), pairs })
  const right = pairs.filter((p) => p.right).length
  return `sampled: ${sampled.map((w) => w.word).join(' ')}; real word above its misspelling in ${right}/${pairs.length} pairs`
}

/** Runs the epochs still to do; returns 'cancelled' when asked to stop between steps. */
export async function runLmLoop(o: LmLoopOptions): Promise<'completed' | 'cancelled'> {
  const steps = o.maxLength + 1
  const n = o.train.length / steps
  const stepsPerEpoch = Math.ceil(n / o.batch)
  const totalSteps = stepsPerEpoch * o.epochs
  const { step: resumedStep, firstEpoch } = await startingPoint(o)
  let step = resumedStep
  o.ctx.reporter.progress(step, firstEpoch - 1, totalSteps, o.epochs)

  for (let epoch = firstEpoch; epoch <= o.epochs; epoch++) {
    const order = epochOrder(o.seed, epoch, n)
    let lossSum = 0
    for (let start = 0; start < n; start += o.batch) {
      if (o.ctx.shouldStop()) return 'cancelled'
      const indices = order.subarray(start, Math.min(start + o.batch, n))
      step += 1
      const [loss, norm] = await trainStep(o, indices, steps, step)
      lossSum += loss * indices.length
      o.ctx.reporter.metric('loss', step, epoch, loss)
      o.ctx.reporter.metric('grad_norm', step, epoch, norm)
      o.ctx.reporter.progress(step, epoch, totalSteps, o.epochs)
      // Let IPC messages (cancel, disconnect) in between steps.
      await new Promise((resolve) => setImmediate(resolve))
    }
    const epochLoss = lossSum / n
    const valLoss = heldOutLoss(o, steps)
    // Perplexity per letter position: exp of the loss averaged over the maxLength + 1 positions.
    o.ctx.reporter.metric('epoch_loss', step, epoch, epochLoss)
    o.ctx.reporter.metric('perplexity', step, epoch, Math.exp(epochLoss / steps))
    o.ctx.reporter.metric('val_loss', step, epoch, valLoss)
    o.ctx.reporter.metric('val_perplexity', step, epoch, Math.exp(valLoss / steps))
    const summary = reportEpochSamples(o, step, epoch)
    o.ctx.reporter.log(`epoch ${epoch}: loss ${epochLoss.toFixed(3)}, held-out ${valLoss.toFixed(3)}; ${summary}`)
    await o.ctx.saveCheckpoint(checkpointName(epoch), { model: o.model, optimizers: { optimizer: o.optimizer } }, { step, epoch })
  }
  return 'completed'
}
