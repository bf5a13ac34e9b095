/**
 * Using a trained classifier end to end: a tiny shapes-cnn run trained through the command line,
 * then `benchtop predict` and the core's predictImages / modelSummary on it.
 *
 * Reference: training's own validation. The run's last `predictions` sample records what the
 * final model predicted for the first test images; those images are regenerated here from the
 * run's seed, written as lossless PNGs at the training size, and `benchtop predict` on them must
 * give the same classes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import { DatasetRegistry } from '../../src/main/datasets'
import { checkCall, InvalidCallError, MAX_PREDICT_IMAGES } from '../../src/shared/apiMethods'
import type { ImagePrediction, ModelSummary, PredictionResult } from '../../src/shared/prediction'
import { runCli, tempHome, TINY } from '../helpers/cli'

const home = tempHome()
const images = path.join(home, 'images')
let runId = ''
let runDir = ''
/** What training's last validation predicted for test images 0..n-1. */
let validated: Array<{ index: number; label: string; predicted: string }> = []
let classes: string[] = []

const SIZE = 8
const TRAIN = 64
const TEST = 16
const SEED = 7

beforeAll(async () => {
  const r = await runCli(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=2', '--seed', String(SEED), '--json'], home)
  expect(r.code, r.stderr).toBe(0)
  ;({ runId, dir: runDir } = JSON.parse(r.stdout))
  const lines = (name: string) => readFileSync(path.join(runDir, 'artifacts', 'samples', `${name}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  validated = lines('predictions').at(-1).value.items
  classes = lines('confusion').at(-1).value.classNames

  // The test split exactly as train.ts loaded it.
  const data = await new DatasetRegistry(home).load('shapes', {
    size: SIZE,
    seed: SEED,
    shapes: { count: TRAIN + TEST, classes: 3, testFraction: TEST / (TRAIN + TEST) },
  })
  mkdirSync(images, { recursive: true })
  const pixels = SIZE * SIZE * 3
  for (const { index } of validated) {
    const raw = Buffer.from(data.test.images.subarray(index * pixels, (index + 1) * pixels))
    await sharp(raw, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(path.join(images, `test-${index}.png`))
  }
  // A larger image with transparency, a corrupt "PNG", an empty file.
  await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 0.5 } } }).png().toFile(path.join(images, 'big.png'))
  writeFileSync(path.join(images, 'corrupt.png'), Buffer.concat([readFileSync(path.join(images, 'big.png')).subarray(0, 40)]))
  writeFileSync(path.join(images, 'empty.png'), '')
}, 180_000)

const sumOf = (p: ImagePrediction) => ('probabilities' in p ? p.probabilities.reduce((s, c) => s + c.p, 0) : NaN)

describe('benchtop predict', () => {
  it('gives the classes training validated for the same test images, probabilities summing to 1', async () => {
    const files = validated.map((v) => path.join(images, `test-${v.index}.png`))
    const r = await runCli(['predict', runId, ...files, '--json'], home)
    expect(r.code, r.stderr).toBe(0)
    const result: PredictionResult = JSON.parse(r.stdout)
    expect(result).toMatchObject({ runId, checkpoint: 'epoch-0002', epoch: 2, size: SIZE, classes })
    expect(result.predictions.map((p) => p.file)).toEqual(files)
    let compared = 0
    result.predictions.forEach((p, i) => {
      if (!('probabilities' in p)) throw new Error(`${p.file}: ${p.error}`)
      expect(sumOf(p)).toBeCloseTo(1, 5)
      expect(p.probabilities.map((c) => c.class).sort()).toEqual([...classes].sort())
      const ps = p.probabilities.map((c) => c.p)
      expect(ps).toEqual([...ps].sort((a, b) => b - a))
      expect(p.top).toBe(p.probabilities[0].class)
      // Training may have run on another backend: only a near-tie may rank differently.
      if (ps[0] - ps[1] > 1e-4) {
        expect(p.top, p.file).toBe(validated[i].predicted)
        compared += 1
      }
    })
    // Near-ties are rare: most images must have been compared, or the check above proved nothing.
    expect(validated.length).toBeGreaterThanOrEqual(4)
    expect(compared, `images whose class was compared with training's (of ${validated.length})`).toBeGreaterThanOrEqual(Math.ceil(validated.length / 2))
  }, 180_000)

  it('reports missing, corrupt and empty files and still classifies the rest (exit code 1)', async () => {
    const r = await runCli(['predict', runId, path.join(images, 'big.png'), path.join(images, 'corrupt.png'), path.join(images, 'nope.png'), path.join(images, 'empty.png'), images, '--json'], home)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('4 of 5 images failed')
    const { predictions }: PredictionResult = JSON.parse(r.stdout)
    expect(sumOf(predictions[0])).toBeCloseTo(1, 5)
    expect(predictions.slice(1).map((p) => ('error' in p ? p.error : 'no error'))).toEqual([
      expect.stringMatching(/^not a readable image: /),
      'no such file',
      'empty file (0 bytes)',
      'is a folder, not an image file',
    ])
  }, 60_000)

  it('prints a table without --json, and takes --checkpoint by name or epoch', async () => {
    const text = await runCli(['predict', runId.slice(0, 15), path.join(images, 'big.png'), '--checkpoint', '1'], home)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stderr).toContain('checkpoint epoch-0001 (epoch 1)')
    expect(text.stdout).toMatch(/big\.png {2}(circle|square|triangle)\n/)
    for (const c of classes) expect(text.stdout).toContain(c)
    const missing = await runCli(['predict', runId, path.join(images, 'big.png'), '--checkpoint', 'epoch-0009'], home)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("has no checkpoint 'epoch-0009'; its checkpoints: epoch-0001, epoch-0002")
    const usage = await runCli(['predict', runId], home)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('at least one image')
  }, 60_000)
})

describe('predictImages and modelSummary through the core', () => {
  let core: BenchtopCore
  beforeAll(() => {
    core = new BenchtopCore({ home })
  })
  afterAll(() => core.shutdown())

  const image = (file: string) => ({ name: path.basename(file), dataBase64: readFileSync(file).toString('base64') })

  it('classifies dropped images, with an error entry for a bad one, and the same answer as the command line', async () => {
    const files = validated.slice(0, 3).map((v) => path.join(images, `test-${v.index}.png`))
    const result = (await dispatch(core, 'predictImages', [runId, [...files.map(image), image(path.join(images, 'corrupt.png'))]])) as PredictionResult
    expect(result.checkpoint).toBe('epoch-0002')
    let compared = 0
    result.predictions.slice(0, 3).forEach((p, i) => {
      if (!('probabilities' in p)) throw new Error(`${p.file}: ${p.error}`)
      if (p.probabilities[0].p - p.probabilities[1].p > 1e-4) {
        expect(p.top).toBe(validated[i].predicted)
        compared += 1
      }
    })
    expect(compared, 'dropped images whose class was compared with training\'s (of 3)').toBeGreaterThan(0)
    expect(result.predictions[3]).toEqual({ file: 'corrupt.png', error: expect.stringMatching(/^not a readable image/) })
    // Cached: a second call on another checkpoint loads a second model, the first stays.
    const first = (await dispatch(core, 'predictImages', [runId, [image(files[0])], 'epoch-0001'])) as PredictionResult
    expect(first.checkpoint).toBe('epoch-0001')
    expect(sumOf(first.predictions[0])).toBeCloseTo(1, 5)
  }, 60_000)

  it('describes the model: one row per layer of shapes-cnn, parameters summing to the total', async () => {
    const summary = (await dispatch(core, 'modelSummary', [runId])) as ModelSummary
    expect(summary).toMatchObject({ runId, experiment: 'shapes-cnn', inputShape: [SIZE, SIZE, 3], outputShape: [3], classes })
    expect(summary.blocks.map((b) => b.layers[0].type)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'])
    expect(summary.blocks.reduce((s, b) => s + b.params, 0)).toBe(summary.params)
    // filters=2: conv 3x3 3->2, conv 3x3 2->4, dense 2*2*4 -> 3.
    expect(summary.params).toBe(3 * 3 * 3 * 2 + 2 + (3 * 3 * 2 * 4 + 4) + (2 * 2 * 4 * 3 + 3))
  })

  it('refuses runs that are not image classifiers, and bad arguments before the core sees them', async () => {
    const lm = core.store.createRun({ experiment: 'char-rnn', preset: 'quick', seed: 1, params: { config: {}, seed: 1, data: null, backend: null } })
    await expect(core.modelSummary(lm.id)).rejects.toThrow(/is a char-rnn run, not an image classifier/)
    await expect(core.predictImages(runId, [image(path.join(images, 'big.png'))], 'epoch-0042')).rejects.toThrow(/no checkpoint 'epoch-0042'/)
    const ok = { name: 'a.png', dataBase64: '' }
    expect(() => checkCall('predictImages', [runId, []])).toThrow(InvalidCallError)
    expect(() => checkCall('predictImages', [runId, ok])).toThrow(/argument 2 must be a list/)
    expect(() => checkCall('predictImages', [runId, Array(MAX_PREDICT_IMAGES + 1).fill(ok)])).toThrow(/argument 2/)
    expect(() => checkCall('predictImages', [runId, [ok, { name: 'b.png' }]])).toThrow(/argument 2 image 2 dataBase64/)
    expect(() => checkCall('predictImages', [runId, [ok], '../epoch'])).toThrow(/argument 3/)
    expect(() => checkCall('predictImages', ['../run', [ok]])).toThrow(/argument 1/)
    expect(() => checkCall('modelSummary', [])).toThrow(/argument 1 is required/)
    expect(() => checkCall('predictImages', [runId, [ok], 'epoch-0001'])).not.toThrow()
  })
})
