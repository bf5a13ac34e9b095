/** Checkpoints of named optimisers and plain variables (a GAN's two optimisers; style transfer's pixels). */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { variablesAsWeights } from '../../src/main/training/checkpoint'
import { testContext } from '../helpers/trainerContext'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Two variables, each with its own Adam, a few steps toward different targets. */
function setup(seed: number) {
  const g = tf.variable(tf.randomUniform([3], 0, 1, 'float32', seed))
  const d = tf.variable(tf.randomUniform([2], 0, 1, 'float32', seed + 1))
  const optimizers = { generator: tf.train.adam(0.1), discriminator: tf.train.adam(0.05) }
  const step = () => {
    optimizers.generator.minimize(() => tf.sum(tf.square(tf.sub(g, 2))) as tf.Scalar, false, [g])
    optimizers.discriminator.minimize(() => tf.sum(tf.square(tf.add(d, 1))) as tf.Scalar, false, [d])
  }
  return { model: variablesAsWeights([g, d]), optimizers, step, values: () => [...g.dataSync(), ...d.dataSync()] }
}

describe('checkpoints of named optimisers', () => {
  it('resume both optimisers and the variables to the state of an uninterrupted run', async () => {
    const full = setup(1)
    for (let i = 0; i < 6; i++) full.step()

    const first = setup(1)
    for (let i = 0; i < 3; i++) first.step()
    const ctx = testContext()
    const saved = await ctx.saveCheckpoint('step-3', { model: first.model, optimizers: first.optimizers }, { step: 3, epoch: 0 })
    expect(ctx.checkpoints).toEqual([saved])

    const resumed = setup(99)
    const info = await testContext({ runDir: ctx.runDir, resumeFrom: `${ctx.checkpointsDir}/step-3` }).resume({ model: resumed.model, optimizers: resumed.optimizers })
    expect(info).toMatchObject({ name: 'step-3', step: 3 })
    for (let i = 0; i < 3; i++) resumed.step()
    // Adam's moments came back too: without them the next 3 steps would land elsewhere.
    resumed.values().forEach((v, i) => expect(v).toBeCloseTo(full.values()[i], 5))
  })

  it('a fresh run resumes from nothing', async () => {
    const s = setup(1)
    expect(await testContext().resume({ model: s.model, optimizers: s.optimizers })).toBeNull()
  })
})
