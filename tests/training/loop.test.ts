import { readdirSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateShapes } from '../../src/main/datasets'
import { buildShapesCnn } from '../../src/main/experiments/shapes-cnn/model'
import { NO_VALIDATION_MESSAGE, runClassifierLoop, type ClassifierLoopOptions } from '../../src/main/training/classifierLoop'
import { testContext, type TestContext } from '../helpers/trainerContext'

const SIZE = 8

function split(count: number, seed: number) {
  const { images, labels } = generateShapes({ count, size: SIZE, classes: 3, seed })
  return { images, labels }
}

function options(ctx: TestContext, over: Partial<ClassifierLoopOptions> = {}): ClassifierLoopOptions & { ctx: TestContext } {
  const model = buildShapesCnn({ size: SIZE, classes: 3, filters: 2, seed: 5 })
  const optimizer = tf.train.adam(0.01)
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })
  return {
    model,
    optimizer,
    train: split(48, 1),
    test: split(12, 2),
    size: SIZE,
    channels: 3,
    classes: 3,
    classNames: ['circle', 'square', 'triangle'],
    epochs: 2,
    batch: 16,
    seed: 9,
    binary: false,
    ctx,
    ...over,
  } as ClassifierLoopOptions & { ctx: TestContext }
}

describe('the classifier training loop', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('keeps the number of live tensors flat from step to step', async () => {
    const counts: number[] = []
    const o = options(testContext())
    o.epochs = 3
    o.ctx.reporter.metric = (name) => {
      if (name === 'loss') counts.push(tf.memory().numTensors)
    }
    await runClassifierLoop(o)
    // Steps 2.. of every epoch hold exactly as many tensors as step 1 of epoch 2 (Adam's slots exist by then).
    expect(counts).toHaveLength(9)
    expect(counts, String(counts)).toHaveLength(9)
    expect(new Set(counts.slice(3)).size, String(counts)).toBe(1)
    o.model.dispose()
  })

  it('resumes from a checkpoint to the same weights as an uninterrupted run', async () => {
    const full = options(testContext())
    await runClassifierLoop(full)
    const expected = full.model.getWeights().map((w) => Array.from(w.dataSync()))

    const firstCtx = testContext()
    const dir = firstCtx.checkpointsDir
    const first = options(firstCtx, { epochs: 1 })
    await runClassifierLoop(first)
    expect(readdirSync(dir)).toEqual(['epoch-0001'])
    const steps: number[] = []
    const second = options(testContext({ runDir: firstCtx.runDir, resumeFrom: path.join(dir, 'epoch-0001') }))
    second.ctx.reporter.metric = (name, step) => {
      if (name === 'loss') steps.push(step)
    }
    await runClassifierLoop(second)
    expect(steps).toEqual([4, 5, 6])
    const resumed = second.model.getWeights().map((w) => Array.from(w.dataSync()))
    resumed.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)))
  })

  it('stops between steps when asked', async () => {
    let steps = 0
    const o = options(testContext())
    o.ctx.reporter.metric = (name) => {
      if (name === 'loss') steps += 1
    }
    o.ctx = testContext({ shouldStop: () => steps >= 2, reporter: { metric: o.ctx.reporter.metric } })
    expect(await runClassifierLoop(o)).toBe('cancelled')
    expect(steps).toBe(2)
  })
})

describe('the classifier training loop with an empty split', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('never reports a validation metric over zero test images, and says why', async () => {
    const names: string[] = []
    const logs: string[] = []
    const ctx = testContext({
      reporter: { metric: (name) => void names.push(name), log: (line) => void logs.push(line), sample: (name) => void names.push(`sample:${name}`) },
    })
    const o = options(ctx, { test: { images: new Uint8Array(0), labels: new Int32Array(0) } })
    expect(await runClassifierLoop(o)).toBe('completed')
    expect(names.filter((n) => n.startsWith('val_') || n.startsWith('sample:'))).toEqual([])
    expect(names.filter((n) => n === 'epoch_loss')).toHaveLength(2)
    expect(logs).toContain(NO_VALIDATION_MESSAGE)
    expect(NO_VALIDATION_MESSAGE).toMatch(/^validation skipped: the test split has 0 images/)
    o.model.dispose()
  })

  it('refuses to train on zero training images', async () => {
    const o = options(testContext(), { train: { images: new Uint8Array(0), labels: new Int32Array(0) } })
    await expect(runClassifierLoop(o)).rejects.toThrow('cannot train: the training split has 0 images')
    o.model.dispose()
  })
})
