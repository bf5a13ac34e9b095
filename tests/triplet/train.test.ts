/**
 * The triplet trainer (the one a run uses) on Fashion-MNIST's tiny preset: the loss falls, and the held-out
 * ROC AUC ends above chance and above the same network's before training (computed here from its
 * initial weights); every declared output is written with the shape its panel reads.
 */
import { mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { DatasetRegistry } from '../../src/main/datasets'
import { probeBackends } from '../../src/main/engine/backends'
import { resolveConfig } from '../../src/main/experiments/config'
import { findExperiment, findExperimentInfo } from '../../src/main/experiments/registry'
import type { TripletConfig } from '../../src/main/experiments/triplet/fields'
import { buildEmbeddingNet } from '../../src/main/experiments/triplet/model'
import { embedSplit, trainTriplet } from '../../src/main/experiments/triplet/train'
import { pairDistances, verification } from '../../src/main/experiments/triplet/verification'
import type { TrainJob } from '../../src/main/training/protocol'
import { histogramPlot, projectionPlot, rocPlot } from '../../src/renderer/src/components/run/outputPlots'
import { skipWithoutFashionMnist } from '../helpers/prerequisites'
import { testContext } from '../helpers/trainerContext'

const info = findExperimentInfo('triplet')

beforeAll(async () => {
  await probeBackends({ required: info.requiredKernels })
  expect(tf.getBackend()).toBeTruthy()
})

describe('the triplet experiment', () => {
  it('is registered with its trainer, presets that resolve, a reason on every field, and the embed capability', async () => {
    expect(await findExperiment('triplet').trainer()).toBe(trainTriplet)
    for (const p of info.presets) expect(() => resolveConfig(info, p.name)).not.toThrow()
    for (const f of info.fields) expect(f.why.length).toBeGreaterThan(20)
    expect(info.capabilities).toContain('embed')
    expect(resolveConfig(info, 'default').config).toMatchObject({ dim: 128, margin: 0.2 })
    expect(info.outputs.map((o) => o.kind)).toEqual(expect.arrayContaining(['roc-curve', 'histograms', 'embeddings']))
  })

  it('refuses a size the ResNet-18 trunk cannot take before decoding anything', async () => {
    const { config } = resolveConfig(info, 'tiny', { backbone: 'resnet18', size: 28 })
    const job = { runId: 'r', experiment: 'triplet', config: config as TripletConfig, seed: 1, data: 'shapes', backend: null, home: mkdtempSync(path.join(os.tmpdir(), 'h-')), runDir: mkdtempSync(path.join(os.tmpdir(), 'r-')), resumeFrom: null }
    await expect(trainTriplet(job, testContext({ runDir: job.runDir }))).rejects.toThrow('size=28 is too small for the resnet18 backbone; it needs at least 37 px')
  })

  it.skipIf(skipWithoutFashionMnist())('learns on Fashion-MNIST (tiny preset): the loss falls and the held-out AUC beats chance and the untrained network', async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-triplet-'))
    const home = mkdtempSync(path.join(os.tmpdir(), 'benchtop-home-'))
    // 4 classes, 32 training and 10 held-out images of each at 28 px; batches of 4 x 4; 3 epochs of 8 steps.
    const { config } = resolveConfig(info, 'tiny')
    const job: TrainJob & { config: TripletConfig } = { runId: 'r1', experiment: 'triplet', config: config as TripletConfig, seed: 5, data: null, backend: null, home, runDir, resumeFrom: null }
    const metrics: Record<string, number[]> = {}
    const samples: Record<string, unknown> = {}
    const status = await trainTriplet(
      job,
      testContext({
        runDir,
        reporter: {
          metric: (name, _s, _e, v) => (metrics[name] ??= []).push(v),
          sample: (name, _s, v) => (samples[name] = v),
        },
      }),
    )
    expect(status).toBe('completed')
    const loss = metrics.loss
    expect(loss).toHaveLength(24)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(loss.slice(-6)), `loss ${loss.map((v) => v.toFixed(3)).join(' ')}`).toBeLessThan(0.7 * mean(loss.slice(0, 6)))
    for (const v of metrics.active_triplets) expect(v).toBeGreaterThanOrEqual(0)

    // The untrained network (same seed, same build) on the same held-out images, scored by brute force.
    const data = await new DatasetRegistry(home).load('fashion-mnist', { size: 28, limitPerClass: { train: 1, test: 10 } })
    const keep = Array.from(data.test.labels.keys()).filter((i) => data.test.labels[i] < 4)
    const pixels = 28 * 28 * 3
    const test = { labels: Int32Array.from(keep, (i) => data.test.labels[i]), images: new Uint8Array(keep.length * pixels) }
    keep.forEach((src, i) => test.images.set(data.test.images.subarray(src * pixels, (src + 1) * pixels), i * pixels))
    const untrained = buildEmbeddingNet({ backbone: 'cnn', size: 28, dim: job.config.dim, filters: job.config.filters, seed: 5 })
    const e0 = await embedSplit(untrained, test, 28, job.config.dim)
    untrained.dispose()
    const d0 = pairDistances(e0, test.labels.length, test.labels)
    const before = verification(d0.positive, d0.negative).auc
    const after = metrics.val_auc.at(-1)!
    expect(metrics.val_auc).toHaveLength(3)
    expect(after, `AUC before training ${before}, per epoch ${metrics.val_auc.join(', ')}`).toBeGreaterThan(Math.max(0.75, before + 0.03))
    expect(metrics.val_negative_distance.at(-1)!).toBeGreaterThan(metrics.val_positive_distance.at(-1)!)
    console.log(`triplet tiny: loss ${mean(loss.slice(0, 6)).toFixed(3)} -> ${mean(loss.slice(-6)).toFixed(3)}; held-out AUC untrained ${before.toFixed(3)}, by epoch ${metrics.val_auc.map((v) => v.toFixed(3)).join(', ')}`)

    // Every declared output was written, in the shape the run page's plots read.
    expect(rocPlot(samples.roc)?.auc).toBe(after)
    expect(histogramPlot(samples.distances)?.series.map((s) => s.label)).toEqual(['same class', 'different class'])
    expect(projectionPlot(samples.projection)?.points).toHaveLength(40)
    expect(readdirSync(path.join(runDir, 'checkpoints'))).toContain('epoch-0003')
  }, 600_000)
})
