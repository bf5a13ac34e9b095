/**
 * The core's lmScore and lmSample on a char-rnn run folder written here (two checkpoints of a
 * small RNN1), checked against the seed's equations in plain JavaScript (tests/char-rnn/reference.ts).
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { inferenceContext } from '../../src/main/inference/server'
import type { DisposableModel, ModelCache } from '../../src/main/inference/modelCache'
import { lmScore } from '../../src/main/lm/handler'
import type { CharRnnConfig } from '../../src/main/experiments/char-rnn/fields'
import { buildCharModel } from '../../src/main/experiments/char-rnn/model'
import { saveCheckpoint } from '../../src/main/training/checkpoint'
import { checkCall } from '../../src/shared/apiMethods'
import { referenceLogits } from '../char-rnn/reference'
import { tempHome } from '../helpers/cli'

const CONFIG: CharRnnConfig = { model: 'rnn1', hidden: 6, layers: 1, epochs: 2, batch: 8, lr: 0.01, clip: 0.5, maxLength: 12, limit: 0, source: 'vocab', reviews: 0 }
const SEED = 5

/** The weights each checkpoint was saved with, as nested arrays (for the reference). */
const saved: unknown[][] = []
let core: BenchtopCore
let runId: string

/** The seed's word probability from its equations: product of softmax(y_t)[letter t] over maxLength + 1 positions. */
function referenceProbability(weights: unknown[], word: string): { p: number; letters: number[] } {
  const codes = Array.from({ length: CONFIG.maxLength + 1 }, (_, t) => (t < word.length ? word.charCodeAt(t) - 96 : 0))
  const [logits] = referenceLogits('rnn1', weights, CONFIG.hidden, 1, [codes])
  const probs = logits.map((row, t) => {
    const max = Math.max(...row)
    const sum = row.reduce((s, v) => s + Math.exp(v - max), 0)
    return Math.exp(row[codes[t]] - max) / sum
  })
  return { p: probs.reduce((a, b) => a * b, 1), letters: probs.slice(0, word.length) }
}

beforeAll(async () => {
  await tf.setBackend('cpu')
  core = new BenchtopCore({ home: tempHome() })
  const meta = core.store.createRun({ experiment: 'char-rnn', preset: 'quick', seed: SEED, params: { config: CONFIG, seed: SEED, data: null, backend: null } })
  runId = meta.id
  const model = buildCharModel({ kind: 'rnn1', hidden: CONFIG.hidden, layers: 1, seed: SEED })
  const optimizer = tf.train.adam(0.01)
  for (const epoch of [1, 2]) {
    // A different model per checkpoint: the second one's weights are the first's, doubled.
    if (epoch === 2) model.variables.forEach((v) => v.assign(tf.mul(v, 2)))
    saved.push(model.variables.map((v) => v.arraySync()))
    await saveCheckpoint(core.store.checkpointsDir(runId), `epoch-000${epoch}`, model, optimizer, { step: epoch * 3, epoch })
  }
  model.dispose()
  optimizer.dispose()
  core.store.updateMeta(runId, { status: 'completed', lastCheckpoint: 'epoch-0002', epoch: 2, step: 6 })
})

// The core's inference process (where lmScore and lmSample run) ends with it.
afterAll(() => core.shutdown())

describe('lmScore', () => {
  it("gives the seed's word probability, its log and every letter's probability, at the latest checkpoint", async () => {
    const result = await core.lmScore(runId, ['cat', 'caq', 'apple'])
    expect(result).toMatchObject({ runId, maxLength: 12, checkpoint: { name: 'epoch-0002', epoch: 2, step: 6 } })
    expect(result.words.map((w) => w.word)).toEqual(['cat', 'caq', 'apple'])
    for (const w of result.words) {
      const ref = referenceProbability(saved[1], w.word)
      expect(w.probability / ref.p).toBeCloseTo(1, 4)
      expect(w.logProbability).toBeCloseTo(Math.log(ref.p), 4)
      expect(w.letters.map((l) => l.letter).join('')).toBe(w.word)
      w.letters.forEach((l, i) => expect(l.p).toBeCloseTo(ref.letters[i], 5))
      expect(w.end).toBeGreaterThan(0)
    }
  })

  it('scores with the checkpoint asked for, by name or by epoch number', async () => {
    const byName = await core.lmScore(runId, ['queen'], 'epoch-0001')
    const byEpoch = await core.lmScore(runId, ['queen'], '1')
    expect(byName.checkpoint.name).toBe('epoch-0001')
    expect(byEpoch.words[0].probability).toBe(byName.words[0].probability)
    expect(byName.words[0].probability / referenceProbability(saved[0], 'queen').p).toBeCloseTo(1, 4)
  })

  it('refuses words outside a-z, too long, unknown checkpoints and runs of other experiments, naming them', async () => {
    await expect(core.lmScore(runId, ['cat', 'c4t'])).rejects.toThrow("'c4t' has characters outside a-z")
    await expect(core.lmScore(runId, ['Cat'])).rejects.toThrow("try 'cat'")
    await expect(core.lmScore(runId, ['abcdefghijklm'])).rejects.toThrow('has 13 letters; this model handles at most 12')
    await expect(core.lmScore(runId, ['cat'], 'epoch-0009')).rejects.toThrow("has no checkpoint 'epoch-0009'; its checkpoints: epoch-0001, epoch-0002")
    const other = core.store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
    await expect(core.lmScore(other.id, ['cat'])).rejects.toThrow(`run ${other.id} is a shapes-cnn run; only char-rnn runs have a language model`)
    const fresh = core.store.createRun({ experiment: 'char-rnn', preset: 'quick', seed: 1, params: { config: CONFIG, seed: 1 } })
    await expect(core.lmScore(fresh.id, ['cat'])).rejects.toThrow('has no checkpoint yet')
  })

  it('has its arguments shape-checked before the core sees them', () => {
    expect(() => checkCall('lmScore', ['r1', ['cat'], 'epoch-0001'])).not.toThrow()
    expect(() => checkCall('lmScore', ['r1', []])).toThrow('lmScore: argument 2 must hold at least one word')
    expect(() => checkCall('lmScore', ['r1', 'cat'])).toThrow('must be a list of words')
    expect(() => checkCall('lmScore', ['r1', ['cat', 7]])).toThrow('word 2 must be text')
    expect(() => checkCall('lmScore', ['r1', Array(201).fill('a')])).toThrow('at most 200 words')
    expect(() => checkCall('lmSample', ['r1', { n: 5, topK: 3, temperature: 0.8, seed: 1, checkpoint: '2' }])).not.toThrow()
    expect(() => checkCall('lmSample', ['r1', { n: 5, evil: true }])).toThrow('unknown field(s) evil')
    expect(() => checkCall('lmSample', ['r1', { n: '5' }])).toThrow('n must be a number')
    expect(() => checkCall('lmSample', ['r1', { n: 5, checkpoint: '../x' }])).toThrow('checkpoint must be')
  })
})

describe('lmSample', () => {
  it('samples reproducibly from a seed, each letter with its probability, top-k limiting the letters drawn', async () => {
    const a = await core.lmSample(runId, { n: 12, topK: 3, seed: 42 })
    const b = await core.lmSample(runId, { n: 12, topK: 3, seed: 42 })
    expect(a.words).toEqual(b.words)
    expect(a).toMatchObject({ seed: 42, topK: 3, temperature: 1, checkpoint: { name: 'epoch-0002' } })
    expect(a.words).toHaveLength(12)
    for (const w of a.words) {
      expect(w.word).toMatch(/^[a-z]{0,10}$/)
      expect(w.letters.map((l) => l.letter).join('')).toBe(w.word)
      // Each letter's p is the model's own probability after the letters before it.
      if (w.word.length > 0) {
        const { letters } = referenceProbability(saved[1], w.word)
        w.letters.forEach((l, i) => {
          expect(l.p).toBeCloseTo(letters[i], 5)
          // Top-3 renormalises: a drawn letter's chance is at least its own probability.
          expect(l.q).toBeGreaterThanOrEqual(l.p - 1e-9)
        })
      }
    }
    const other = await core.lmSample(runId, { n: 12, topK: 3, seed: 43, checkpoint: 'epoch-0001' })
    expect(other.checkpoint.name).toBe('epoch-0001')
    const random = await core.lmSample(runId, { n: 1 })
    expect(Number.isInteger(random.seed)).toBe(true)
  })

  it('refuses n, top-k, temperature and seed out of range with the value in the message', async () => {
    await expect(core.lmSample(runId, { n: 0 })).rejects.toThrow('the number of words must be a whole number from 1 to 200, got 0')
    await expect(core.lmSample(runId, { n: 201 })).rejects.toThrow('got 201')
    await expect(core.lmSample(runId, { n: 3, topK: 28 })).rejects.toThrow('top-k must be a whole number from 0 (no limit) to 27, got 28')
    await expect(core.lmSample(runId, { n: 3, temperature: 0 })).rejects.toThrow('the temperature must be a number above 0, got 0')
    await expect(core.lmSample(runId, { n: 3, seed: -1 })).rejects.toThrow('the seed must be a whole number')
  })
})

describe('the model cache', () => {
  it('keeps the most recently used models and frees the weights of the one it drops', async () => {
    // The lm-score handler in this process, with a cache of its own (the inference process keeps one for its life).
    const caches = new Map<string, ModelCache<DisposableModel>>()
    const ctx = inferenceContext(caches)
    const runDir = core.store.runDir(runId)
    const before = tf.memory().numTensors
    await lmScore({ runDir, words: ['cat'], checkpoint: '1' }, ctx)
    const withOne = tf.memory().numTensors
    expect(withOne - before).toBe(CONFIG_VARIABLES)
    await lmScore({ runDir, words: ['cat'], checkpoint: '1' }, ctx)
    expect(tf.memory().numTensors).toBe(withOne)
    // Room for 4 models: the fifth load (checkpoints alternate) would evict; with two checkpoints both stay.
    await lmScore({ runDir, words: ['cat'], checkpoint: '2' }, ctx)
    const cache = caches.get('language-model')!
    expect(cache.size).toBe(2)
    expect(tf.memory().numTensors).toBe(withOne + CONFIG_VARIABLES)
    // Forgetting the run (it was deleted) frees both models' weights.
    cache.forget(`${runDir}\0`)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(cache.size).toBe(0)
    expect(tf.memory().numTensors).toBe(before)
  })
})

/** RNN1's variables: W_a, b_a, W_y, b_y. */
const CONFIG_VARIABLES = 4
