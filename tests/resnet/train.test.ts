/** The resnet trainer on a few synthetic images: class selection, the binary head, the model sample. */
import { mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { probeBackends } from '../../src/main/engine/backends'
import { beforeAll, describe, expect, it } from 'vitest'
import { findExperiment, findExperimentInfo } from '../../src/main/experiments/registry'
import { RESNET_KERNELS } from '../../src/main/experiments/resnet'
import type { ResNetConfig } from '../../src/main/experiments/resnet/fields'
import { testContext } from '../helpers/trainerContext'
import { resolveConfig } from '../../src/main/experiments/config'
import { trainResNet } from '../../src/main/experiments/resnet/train'
import { chooseClasses, firstClasses } from '../../src/main/training/imageData'
import type { TrainJob } from '../../src/main/training/protocol'

// The backend a training process would pick (native where it is built): the plain-JS cpu
// backend needs minutes for one ResNet-18 step.
beforeAll(async () => {
  await probeBackends({ required: RESNET_KERNELS })
  expect(tf.getBackend()).toBeTruthy()
})

describe('class selection', () => {
  it('keeps the first k classes, in order', () => {
    const split = { images: Uint8Array.from([0, 0, 1, 1, 2, 2, 0, 0]), labels: Int32Array.from([0, 1, 2, 0]) }
    const kept = firstClasses(split, 2, 2)
    expect(Array.from(kept.labels)).toEqual([0, 1, 0])
    expect(Array.from(kept.images)).toEqual([0, 0, 1, 1, 0, 0])
  })
  it('0 takes every class; more classes than the dataset has is refused', () => {
    expect(chooseClasses(0, 10, 'fashion-mnist')).toBe(10)
    expect(chooseClasses(2, 10, 'fashion-mnist')).toBe(2)
    expect(() => chooseClasses(12, 10, 'fashion-mnist')).toThrow('classes=12, but dataset fashion-mnist has only 10 classes')
  })
})

describe('the resnet experiment', () => {
  it('is in the registry with its trainer, with valid presets', async () => {
    expect(await findExperiment('resnet').trainer()).toBe(trainResNet)
    const e = findExperimentInfo('resnet')
    for (const p of e.presets) expect(() => resolveConfig(e, p.name)).not.toThrow()
    expect(resolveConfig(e, 'seed').config).toMatchObject({ size: 224, classes: 2, epochs: 20, batch: 16, lr: 0.001, trainLimit: 500, testLimit: 50 })
    expect(e.requiredKernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'FusedBatchNorm', 'AvgPool', 'AvgPoolGrad', 'Sigmoid']))
    for (const f of e.fields) expect(f.why.length).toBeGreaterThan(20)
  })

  it('trains a binary ResNet-18 on two shape classes and records the block list', async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-resnet-'))
    const job: TrainJob & { config: ResNetConfig } = {
      runId: 'r1',
      experiment: 'resnet',
      config: { model: 'ResNet18', shortcut: true, size: 37, classes: 2, epochs: 1, batch: 8, lr: 0.001, trainLimit: 4, testLimit: 2, bnMomentum: 0.99 },
      seed: 7,
      data: 'shapes',
      backend: null,
      home: mkdtempSync(path.join(os.tmpdir(), 'benchtop-home-')),
      runDir,
      resumeFrom: null,
    }
    const samples: Array<{ name: string; value: unknown }> = []
    const metrics: Record<string, number[]> = {}
    const logs: string[] = []
    const status = await trainResNet(
      job,
      testContext({
        runDir,
        reporter: {
          metric: (name, _step, _epoch, value) => (metrics[name] ??= []).push(value),
          sample: (name, _step, value) => samples.push({ name, value }),
          log: (line) => logs.push(line),
        },
      }),
    )
    expect(status).toBe('completed')
    expect(samples[0].name).toBe('model')
    const model = samples[0].value as { name: string; layers: Array<{ name: string }> }
    expect(model.name).toBe('resnet18')
    expect(model.layers.map((l) => l.name)).toContain('g4b2')
    expect(metrics.loss).toHaveLength(1)
    expect(metrics.val_accuracy).toHaveLength(1)
    expect(logs.join('\n')).toMatch(/2 classes .* 8 training and 4 test images/)
    const confusion = samples.find((s) => s.name === 'confusion')!.value as { matrix: number[][] }
    expect(confusion.matrix).toHaveLength(2)
    expect(readdirSync(path.join(runDir, 'checkpoints')).length).toBeGreaterThan(0)
  }, 400_000)
})
