import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
// Gradient functions ship only in the umbrella package's bundle, which registers them into tfjs-core.
import '@tensorflow/tfjs'
import type * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { nativeBackendError, registerNativeBackend } from '../../src/main/engine/native'
import { buildDiscriminator, buildGenerator } from '../../src/main/experiments/srgan/model'
import { planStep } from '../../src/main/experiments/srgan/schedule'
import { trainStep, type LossWeights, type SrganNets } from '../../src/main/experiments/srgan/step'

beforeAll(async () => {
  // The discriminator's 512-channel convolutions are slow in plain JavaScript: the native backend where it is built.
  const native = registerNativeBackend()
  if (!native) console.warn(`trainStep tests on the cpu backend: ${nativeBackendError()}`)
  await tf.setBackend(native ? 'native' : 'cpu')
})

const snapshot = (m: tfl.LayersModel) => m.trainableWeights.map((w) => Array.from(w.read().dataSync()))
const changed = (a: number[][], b: number[][]) => a.some((w, i) => w.some((v, j) => v !== b[i][j]))

function tinyNets(): SrganNets {
  return {
    generator: buildGenerator({ blocks: 1, channels: 8, seed: 3 }),
    discriminator: buildDiscriminator({ hr: 16, seed: 3 }),
    generatorOptimizer: tf.train.adam(1e-3),
    discriminatorOptimizer: tf.train.adam(1e-3),
    // A fixed random 3x3 conv + ReLU stands in for the pretrained feature network.
    features: (x) => [tf.relu(tf.conv2d(x, tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 9) as tf.Tensor4D, 1, 'same'))],
  }
}

function batch() {
  const hr = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 5) as tf.Tensor4D
  return { hr, lr: tf.image.resizeBilinear(hr, [4, 4]) as tf.Tensor4D }
}

const weights: LossWeights = { perceptual: 1, adversarial: 1e-3, pixel: 1, pixelLoss: 'mse' }

describe('trainStep', () => {
  it("leaves the discriminator's weights unchanged when only the generator steps, and the reverse", { timeout: 300_000 }, () => {
    const nets = tinyNets()
    const b = batch()
    const d0 = snapshot(nets.discriminator)
    const g0 = snapshot(nets.generator)
    const onlyG = { phase: 'adversarial' as const, adversarialStep: 0, updateGenerator: true, updateDiscriminator: false }
    const lossesG = trainStep(nets, b, onlyG, weights)
    expect(lossesG.adversarial).not.toBeNull()
    expect(lossesG.perceptual).not.toBeNull()
    expect(lossesG.discriminator).toBeNull()
    expect(changed(g0, snapshot(nets.generator))).toBe(true)
    expect(changed(d0, snapshot(nets.discriminator))).toBe(false)

    const g1 = snapshot(nets.generator)
    const onlyD = { ...onlyG, updateGenerator: false, updateDiscriminator: true }
    const lossesD = trainStep(nets, b, onlyD, weights)
    expect(lossesD.generator).toBeNull()
    expect(lossesD.dReal).toBeGreaterThan(0)
    expect(changed(d0, snapshot(nets.discriminator))).toBe(true)
    expect(changed(g1, snapshot(nets.generator))).toBe(false)
  })

  it('learns: the pixel loss of the pre-training phase falls on a fixed batch, with a flat tensor count', () => {
    const nets = tinyNets()
    const b = batch()
    const o = { pretrainSteps: 40, discSteps: 1, discInitSteps: 0 }
    const losses: number[] = []
    trainStep(nets, b, planStep(0, o), weights)
    const tensors = tf.memory().numTensors
    for (let s = 1; s < 40; s++) losses.push(trainStep(nets, b, planStep(s, o), weights).pixel!)
    expect(tf.memory().numTensors).toBe(tensors)
    const mean = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / xs.length
    expect(mean(losses.slice(-5))).toBeLessThan(0.5 * mean(losses.slice(0, 5)))
  }, 120_000)

  it('the discriminator learns to tell real from generated images', () => {
    const nets = tinyNets()
    const b = batch()
    const o = { pretrainSteps: 0, discSteps: 1000, discInitSteps: 1000 }
    const first = trainStep(nets, b, planStep(0, o), weights)
    let last = first
    for (let s = 1; s < 8; s++) last = trainStep(nets, b, planStep(s, o), weights)
    expect(last.discriminator!).toBeLessThan(first.discriminator!)
    expect(last.dReal!).toBeGreaterThan(last.dFake!)
  }, 600_000)

  it('refuses a generator with no loss term', () => {
    const nets = tinyNets()
    expect(() => trainStep(nets, batch(), planStep(0, { pretrainSteps: 0, discSteps: 1, discInitSteps: 0 }), { perceptual: 0, adversarial: 0, pixel: 0, pixelLoss: 'mse' })).toThrow(/no loss term/)
  })
})
