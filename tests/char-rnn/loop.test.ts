import { readdirSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { prepareWords } from '../../src/main/experiments/char-rnn/data'
import { runLmLoop, type LmLoopOptions } from '../../src/main/experiments/char-rnn/loop'
import { buildCharModel, type CharModelKind } from '../../src/main/experiments/char-rnn/model'
import { builtinWords } from '../../src/main/experiments/char-rnn/wordSource'
import { testContext, type TestContext } from '../helpers/trainerContext'

const data = prepareWords(builtinWords().words, { seed: 3, limit: 84, maxLength: 19 })

function options(kind: CharModelKind, over: Partial<LmLoopOptions> = {}): LmLoopOptions & { ctx: TestContext } {
  return {
    model: buildCharModel({ kind, hidden: 8, layers: 1, seed: 5 }),
    optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-8),
    train: data.trainCodes,
    val: data.valCodes,
    maxLength: 19,
    epochs: 2,
    batch: 16,
    clip: 0.5,
    seed: 9,
    ctx: testContext(),
    ...(over as { ctx?: TestContext }),
  }
}

const weights = (o: LmLoopOptions) => o.model.variables.map((v) => Array.from(v.dataSync()))

describe('the char-rnn training loop', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('reports loss, perplexity, held-out metrics, samples and a checkpoint per epoch', async () => {
    const metrics = new Map<string, number[]>()
    const samples: Array<[string, number, any]> = []
    const o = options('rnn1')
    o.ctx.reporter.metric = (name, _step, _epoch, value) => metrics.set(name, [...(metrics.get(name) ?? []), value])
    o.ctx.reporter.sample = (name, step, value) => samples.push([name, step, value])
    expect(await runLmLoop(o)).toBe('completed')
    // 80 training words in batches of 16: 5 steps per epoch.
    expect(metrics.get('loss')).toHaveLength(10)
    expect(metrics.get('grad_norm')).toHaveLength(10)
    for (const name of ['epoch_loss', 'perplexity', 'val_loss', 'val_perplexity']) expect(metrics.get(name), name).toHaveLength(2)
    const [valLoss, valPerplexity] = [metrics.get('val_loss')![1], metrics.get('val_perplexity')![1]]
    expect(valPerplexity).toBeCloseTo(Math.exp(valLoss / 20), 10)
    // Untrained: about log(27) per position, 20 positions.
    expect(metrics.get('loss')![0]).toBeGreaterThan(50)
    expect(metrics.get('loss')![0]).toBeLessThan(80)
    expect(samples.map(([name, step]) => [name, step])).toEqual([
      ['words', 5],
      ['word_probs', 5],
      ['words', 10],
      ['word_probs', 10],
    ])
    const words = samples[2][2]
    expect(words).toMatchObject({ topK: 3, temperature: 1 })
    expect(words.words).toHaveLength(10)
    for (const w of words.words) {
      expect(w.word).toMatch(/^[a-z]{0,10}$/)
      expect(w.letters.map((l: { letter: string }) => l.letter).join('')).toBe(w.word)
    }
    const probs = samples[3][2]
    expect(probs.words.map((w: { word: string }) => w.word)).toEqual(expect.arrayContaining(['apple', 'appll', 'quees']))
    expect(probs.words).toHaveLength(20)
    expect(probs.pairs).toHaveLength(10)
    expect(readdirSync(o.ctx.checkpointsDir).sort()).toEqual(['epoch-0001', 'epoch-0002'])
    o.model.dispose()
  })

  it('keeps the number of live tensors flat from step to step', async () => {
    const counts: number[] = []
    const o = options('gru', { epochs: 3 })
    o.ctx.reporter.metric = (name) => {
      if (name === 'loss') counts.push(tf.memory().numTensors)
    }
    await runLmLoop(o)
    expect(counts, String(counts)).toHaveLength(15)
    // From step 2 on, Adam's slots exist; every later step holds exactly as many tensors.
    expect(new Set(counts.slice(1)).size, String(counts)).toBe(1)
    o.model.dispose()
  })

  it.each(['rnn1', 'gru'] as CharModelKind[])('resumes %s from a checkpoint to the weights of an uninterrupted run', async (kind) => {
    const full = options(kind)
    await runLmLoop(full)
    const first = options(kind, { epochs: 1 })
    await runLmLoop(first)
    const resumed = options(kind, { ctx: testContext({ resumeFrom: path.join(first.ctx.checkpointsDir, 'epoch-0001') }) })
    const losses: number[] = []
    resumed.ctx.reporter.metric = (name, step, _epoch, value) => name === 'loss' && losses.push(step)
    await runLmLoop(resumed)
    expect(losses).toEqual([6, 7, 8, 9, 10])
    const [a, b] = [weights(full), weights(resumed)]
    a.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(1e-5)))
    for (const o of [full, first, resumed]) o.model.dispose()
  })

  it('stops between steps when asked', async () => {
    let steps = 0
    const o = options('rnn1', { ctx: testContext({ shouldStop: () => steps >= 3 }) })
    o.ctx.reporter.metric = (name) => name === 'loss' && steps++
    expect(await runLmLoop(o)).toBe('cancelled')
    expect(steps).toBe(3)
    expect(readdirSync(o.ctx.checkpointsDir)).toEqual([])
    o.model.dispose()
  })
})
