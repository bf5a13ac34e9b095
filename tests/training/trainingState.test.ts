/** Checkpoints of named optimisers and plain variables (a GAN's two optimisers; style transfer's pixels). */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { listCheckpoints } from '../../src/main/store/runContents'
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

describe('older checkpoints keep the weights only', () => {
  it('drops the optimiser state of all but the newest two, and a weights-only one resumes with the weights and fresh optimisers', async () => {
    const run = setup(1)
    const ctx = testContext()
    const weightsAt: number[][] = []
    for (let epoch = 1; epoch <= 4; epoch++) {
      run.step()
      weightsAt.push(run.values())
      await ctx.saveCheckpoint(`epoch-000${epoch}`, { model: run.model, optimizers: run.optimizers }, { step: epoch, epoch })
    }
    const listed = listCheckpoints(ctx.checkpointsDir)
    expect(listed.map((c) => [c.name, c.weightsOnly ?? false])).toEqual([
      ['epoch-0001', true],
      ['epoch-0002', true],
      ['epoch-0003', false],
      ['epoch-0004', false],
    ])
    const files = (name: string) => readdirSync(path.join(ctx.checkpointsDir, name)).sort()
    expect(files('epoch-0001')).toEqual(['checkpoint.json', 'model.bin', 'model.json'])
    expect(files('epoch-0004')).toEqual(
      ['checkpoint.json', 'model.bin', 'model.json', 'optimizer-discriminator.bin', 'optimizer-discriminator.json', 'optimizer-generator.bin', 'optimizer-generator.json'].sort(),
    )

    // Resuming from epoch 2: its weights, and Adam as a fresh one would step (same lr, no moments).
    const logs: string[] = []
    const resumed = setup(99)
    const info = await testContext({ runDir: ctx.runDir, resumeFrom: path.join(ctx.checkpointsDir, 'epoch-0002'), reporter: { log: (l) => logs.push(l) } }).resume({
      model: resumed.model,
      optimizers: resumed.optimizers,
    })
    expect(info).toMatchObject({ name: 'epoch-0002', weightsOnly: true })
    expect(logs.join('\n')).toMatch(/weights only .* the optimiser starts afresh/)
    resumed.values().forEach((v, i) => expect(v).toBeCloseTo(weightsAt[1][i], 6))
    const fresh = setup(99)
    fresh.model.setWeights([tf.tensor1d(weightsAt[1].slice(0, 3)), tf.tensor1d(weightsAt[1].slice(3))])
    resumed.step()
    fresh.step()
    resumed.values().forEach((v, i) => expect(v).toBeCloseTo(fresh.values()[i], 6))
    // The newest two still resume with their moments (the first describe shows that this matters).
    expect(existsSync(path.join(ctx.checkpointsDir, 'epoch-0003', 'optimizer-generator.bin'))).toBe(true)
  })
})
