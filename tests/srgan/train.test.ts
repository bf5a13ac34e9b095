/**
 * The srgan trainer through the experiment contract, on a small generated photo folder: it learns
 * (pixel loss falls, held-out PSNR rises towards and past bicubic), a resumed run (from a
 * checkpoint taken during pre-training, continuing into the adversarial phase, and from one taken
 * in the adversarial phase) ends with the weights and optimiser state of an uninterrupted one, and
 * the checkpoint holds both networks and both optimisers.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { probeBackends } from '../../src/main/engine/backends'
import { resolveConfig } from '../../src/main/experiments/config'
import { findExperiment, findExperimentInfo } from '../../src/main/experiments/registry'
import type { TrainJob } from '../../src/main/training/protocol'
import type { ConfigValue } from '../../src/shared/api'
import { testContext } from '../helpers/trainerContext'
import { makeSmoothPhotos } from './smoothPhotos'

const info = findExperimentInfo('srgan')

function job(config: Record<string, ConfigValue>, data: string, runDir: string, resumeFrom: string | null = null): TrainJob {
  return { runId: 'r', experiment: 'srgan', config, seed: 5, data, backend: null, home: os.tmpdir(), runDir, resumeFrom }
}

interface Recorded {
  metrics: Record<string, number[]>
  result: string
  checkpointsDir: string
}

async function train(config: Record<string, ConfigValue>, data: string, o: { resumeFrom?: string; stopAt?: number } = {}): Promise<Recorded> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'srgan-run-'))
  const metrics: Record<string, number[]> = {}
  let step = 0
  const ctx = testContext({
    runDir,
    resumeFrom: o.resumeFrom ?? null,
    shouldStop: () => o.stopAt !== undefined && step >= o.stopAt,
    reporter: {
      metric: (name, _s, _e, value) => (metrics[name] ??= []).push(value),
      progress: (s) => (step = s),
    },
  })
  const trainer = await findExperiment('srgan').trainer()
  const result = await trainer(job(config, data, runDir, o.resumeFrom), ctx)
  return { metrics, result, checkpointsDir: ctx.checkpointsDir }
}

const floats = (file: string) => {
  const b = readFileSync(file)
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)
}

describe('the srgan trainer', () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'srgan-photos-'))

  beforeAll(async () => {
    await makeSmoothPhotos(path.join(data, 'any-class'), 5)
    await probeBackends({ required: info.requiredKernels })
  }, 120_000)

  it('learns: the pixel loss falls and held-out PSNR rises, ending above bicubic (the generator starts as bicubic)', async () => {
    const { config } = resolveConfig(info, 'tiny', { blocks: 2, channels: 16, pretrainSteps: 1000, epochs: 4, stepsPerEpoch: 40, batch: 4, lrG: 5e-4, validationImages: 1, valCrop: 64, perceptualWeight: 0 })
    const r = await train(config, data)
    expect(r.result).toBe('completed')
    const pixel = r.metrics.loss_pixel
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(pixel.slice(-10))).toBeLessThan(0.5 * mean(pixel.slice(0, 10)))
    const psnr = r.metrics.val_psnr
    expect(psnr).toHaveLength(4)
    expect(psnr.at(-1)!).toBeGreaterThan(psnr[0])
    // Bicubic is the same every epoch; the gain is SR minus bicubic.
    expect(new Set(r.metrics.val_psnr_bicubic.map((v) => v.toFixed(6))).size).toBe(1)
    expect(r.metrics.val_psnr_gain.at(-1)!).toBeCloseTo(psnr.at(-1)! - r.metrics.val_psnr_bicubic[0], 6)
    expect(r.metrics.val_psnr_gain.at(-1)!).toBeGreaterThan(0)
  }, 900_000)

  it('resumes mid-phase: from a pre-training and from an adversarial checkpoint, it ends where an uninterrupted run ends', async () => {
    // The plain-JS cpu backend, whose sums always run in the same order: bit-for-bit repeatable
    // (the native one's threads may add in another order, and Adam turns such last-bit
    // differences of near-zero gradients into lr-sized steps). 16 px crops keep the
    // discriminator's convolutions small enough for that backend.
    await tf.setBackend('cpu')
    try {
      // Steps 1-3 pre-train, 4-5 adversarial; a checkpoint after every step. The pre-training one
      // is taken after 2 generator steps, where tfjs's own Adam.setWeights restored beta2^3 one
      // float32 bit away from the running product (0.997003 vs 0.9970031): that bit, amplified by
      // the adversarial steps, was a 0.019 difference in the weights before the optimiser kept the product.
      const { config } = resolveConfig(info, 'tiny', { hrPatch: 16, pretrainSteps: 3, epochs: 5, stepsPerEpoch: 1, validationImages: 1, valCrop: 48, perceptualWeight: 0, pixelWeight: 1 })
      const whole = await train(config, data)
      expect(whole.result).toBe('completed')
      const first = await train(config, data, { stopAt: 2 })
      expect(first.result).toBe('cancelled')
      const atPretrain = path.join(first.checkpointsDir, 'epoch-0002')
      expect(JSON.parse(readFileSync(path.join(atPretrain, 'checkpoint.json'), 'utf8'))).toMatchObject({ step: 2, epoch: 2 })
      const resumed = await train(config, data, { resumeFrom: atPretrain })
      expect(resumed.result).toBe('completed')
      // Only the 3 steps after the checkpoint ran: step 3 (the last of pre-training), then 4-5 adversarial (D updates).
      expect(resumed.metrics.loss_g).toHaveLength(3)
      expect(resumed.metrics.loss_d).toHaveLength(2)
      // From the adversarial phase: both optimisers have moments (the generator's 4 steps, the discriminator's 1).
      const atAdversarial = path.join(whole.checkpointsDir, 'epoch-0004')
      expect(JSON.parse(readFileSync(path.join(atAdversarial, 'checkpoint.json'), 'utf8'))).toMatchObject({ step: 4, epoch: 4 })
      const resumedLate = await train(config, data, { resumeFrom: atAdversarial })
      expect(resumedLate.result).toBe('completed')
      expect(resumedLate.metrics.loss_d).toHaveLength(1)

      const end = (r: Recorded) => path.join(r.checkpointsDir, 'epoch-0005')
      // Both networks and both optimisers are in the checkpoint.
      for (const file of ['model.bin', 'optimizer-generator.bin', 'optimizer-discriminator.bin']) expect(existsSync(path.join(end(whole), file)), file).toBe(true)
      for (const [label, run] of [['from pre-training', resumed], ['from the adversarial phase', resumedLate]] as const) {
        for (const file of ['model.bin', 'optimizer-generator.bin', 'optimizer-discriminator.bin']) {
          const a = floats(path.join(end(whole), file))
          const b = floats(path.join(end(run), file))
          expect(b.length).toBe(a.length)
          let worst = 0
          for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
          // The same float operations in the same order: equal in fact (worst 0); 1e-5 leaves room for nothing but rounding.
          expect(worst, `${label}: ${file}`).toBeLessThan(1e-5)
        }
      }
      // The comparison can fail: the weights at the checkpoint (step 2) differ from the end (step 5).
      const other = floats(path.join(atPretrain, 'model.bin'))
      const a = floats(path.join(end(whole), 'model.bin'))
      expect(other.some((v, i) => Math.abs(v - a[i]) > 1e-4)).toBe(true)
    } finally {
      await probeBackends({ required: info.requiredKernels })
    }
  }, 900_000)
})
