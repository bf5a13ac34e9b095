import * as tf from '@tensorflow/tfjs-core'
import { mulberry32, randomInt } from '../../../shared/random'
import { createAdam } from '../../training/optimizers'
import type { BenchStepFactory } from '../contract'
import type { CharRnnConfig } from './fields'
import { encodeWords, letterOf } from './alphabet'
import { trainStep } from './loop'
import { buildCharModel } from './model'

/** `count` random words of 1..maxLength letters a-z. */
function randomWords(count: number, maxLength: number, seed: number): string[] {
  const rng = mulberry32(seed)
  return Array.from({ length: count }, () => Array.from({ length: 1 + randomInt(rng, maxLength) }, () => letterOf(1 + randomInt(rng, 26))).join(''))
}

/**
 * char-rnn's training step: the loop's own trainStep (loss, gradient clipping, Adam with PyTorch's
 * epsilon as train.ts makes it) on `batch` random words, encoded [batch, maxLength + 1].
 */
export const charRnnBenchStep: BenchStepFactory<CharRnnConfig> = ({ config, seed }) => {
  const c = config
  const model = buildCharModel({ kind: c.model, hidden: c.hidden, layers: c.layers, seed })
  const optimizer = createAdam(c.lr, 0.9, 0.999, 1e-8)
  const train = encodeWords(randomWords(c.batch, c.maxLength, seed), c.maxLength)
  const indices = Int32Array.from({ length: c.batch }, (_, i) => i)
  const options = { model, optimizer, train, clip: c.clip, seed }
  let step = 0
  return {
    description: `char-rnn ${c.model}, ${model.layers} x ${model.hidden} units, ${model.countParams()} parameters`,
    step: async () => {
      step += 1
      await trainStep(options, indices, c.maxLength + 1, step)
    },
    dispose: () => {
      model.dispose()
      optimizer.dispose()
    },
  }
}
