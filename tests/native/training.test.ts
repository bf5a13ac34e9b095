/** A few Adam steps of a small CNN give the same losses on native as on cpu, without leaking tensors. */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { expect, it } from 'vitest'
import { describeNative, randomArray, use } from './helpers'

const STEPS = 6

function buildModel(): tfl.Sequential {
  const model = tfl.sequential()
  model.add(
    tfl.layers.conv2d({
      inputShape: [12, 12, 2],
      filters: 6,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    }),
  )
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }))
  model.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }))
  model.add(tfl.layers.flatten())
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }))
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' })
  return model
}

async function train(backend: 'cpu' | 'native'): Promise<{ losses: number[]; tensors: number[] }> {
  await use(backend)
  const model = buildModel()
  const x = tf.tensor4d(randomArray(16 * 12 * 12 * 2, 900), [16, 12, 12, 2])
  const labels = Array.from({ length: 16 }, (_, i) => (i * 7) % 4)
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4)
  const losses: number[] = []
  const tensors: number[] = []
  for (let step = 0; step < STEPS; step++) {
    const loss = await model.trainOnBatch(x, y)
    losses.push(Array.isArray(loss) ? loss[0] : loss)
    tensors.push(tf.memory().numTensors)
  }
  tf.dispose([x, y])
  model.dispose()
  return { losses, tensors }
}

describeNative('native training', () => {
  it('a conv-relu-maxpool-conv-dense CNN with Adam: same losses as cpu, flat tensor count', async () => {
    const cpu = await train('cpu')
    const native = await train('native')
    console.log(`losses cpu    ${cpu.losses.map((l) => l.toFixed(6)).join(' ')}`)
    console.log(`losses native ${native.losses.map((l) => l.toFixed(6)).join(' ')}`)
    for (let i = 0; i < STEPS; i++) {
      expect(Number.isFinite(native.losses[i])).toBe(true)
      expect(Math.abs(native.losses[i] - cpu.losses[i]) / Math.abs(cpu.losses[i]), `step ${i}`).toBeLessThan(1e-3)
    }
    expect(native.losses[STEPS - 1]).toBeLessThan(native.losses[0])
    // After the first step (which creates the optimizer's slots) the count must not grow.
    expect(new Set(native.tensors.slice(1)).size, `numTensors per step: ${native.tensors}`).toBe(1)
  })
})
