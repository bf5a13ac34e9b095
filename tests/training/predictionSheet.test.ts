import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { TrainerContext } from '../../src/main/experiments/contract'
import { writePredictionsOutput, type PredictionsRecord } from '../../src/main/training/predictionOutput'
import { choosePredictionExamples, contactSheet } from '../../src/main/training/predictionSheet'

/** A small deterministic generator, so the cases are varied but repeatable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

describe('the examples a predictions output shows', () => {
  it('keeps a few mistakes among many right answers, all of them', () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 3)
    const predicted = Int32Array.from(labels)
    predicted[57] = 2 // actual 0
    predicted[101] = 0 // actual 2
    predicted[160] = 0 // actual 1
    const chosen = choosePredictionExamples(labels, predicted, 6)
    expect(chosen).toHaveLength(6)
    for (const wrong of [57, 101, 160]) expect(chosen).toContain(wrong)
    // The rest: one right answer per class, the first of each in test order.
    expect(chosen.filter((i) => labels[i] === predicted[i]).sort((a, b) => a - b)).toEqual([0, 1, 2])
    expect(chosen).toEqual([...chosen].sort((a, b) => a - b))
  })

  it('gives every (actual, predicted) pair examples in turn (checked by counting, on random cases)', () => {
    const random = lcg(7)
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(random() * 120)
      const k = 2 + Math.floor(random() * 4)
      const labels = Int32Array.from({ length: n }, () => Math.floor(random() * k))
      const predicted = Int32Array.from({ length: n }, () => Math.floor(random() * k))
      const max = 1 + Math.floor(random() * 40)
      const chosen = choosePredictionExamples(labels, predicted, max)
      expect(chosen.length).toBe(Math.min(n, max))
      expect(new Set(chosen).size).toBe(chosen.length)
      const pairs = new Map<string, { all: number[]; taken: number }>()
      for (let i = 0; i < n; i++) {
        const key = `${labels[i]},${predicted[i]}`
        const p = pairs.get(key) ?? { all: [], taken: 0 }
        p.all.push(i)
        pairs.set(key, p)
      }
      for (const i of chosen) pairs.get(`${labels[i]},${predicted[i]}`)!.taken++
      const counts = [...pairs.values()]
      // Round robin: a pair with examples left never has two fewer taken than another pair.
      const most = Math.max(...counts.map((c) => c.taken))
      for (const c of counts) if (c.taken < c.all.length) expect(c.taken).toBeGreaterThanOrEqual(most - 1)
      // Within a pair, the first ones in test order.
      for (const c of counts) expect(chosen.filter((i) => c.all.includes(i))).toEqual(c.all.slice(0, c.taken))
      if (pairs.size <= max) for (const c of counts) expect(c.taken).toBeGreaterThan(0)
    }
  })
})

describe('the contact sheet', () => {
  it('places each image in its cell, row-major, copied when the cell is the image size', () => {
    const size = 3
    const channels = 2
    const n = 5
    const images = Uint8Array.from({ length: n * size * size * channels }, (_, i) => i % 251)
    const sheet = contactSheet(images, size, channels, [4, 0, 2], size, 2)
    expect([sheet.width, sheet.height]).toEqual([6, 6])
    const at = (x: number, y: number, c: number) => sheet.pixels[(y * sheet.width + x) * channels + c]
    const src = (index: number, x: number, y: number, c: number) => images[((index * size + y) * size + x) * channels + c]
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < channels; c++) {
          expect(at(x, y, c)).toBe(src(4, x, y, c))
          expect(at(x + 3, y, c)).toBe(src(0, x, y, c))
          expect(at(x, y + 3, c)).toBe(src(2, x, y, c))
          expect(at(x + 3, y + 3, c)).toBe(0)
        }
  })

  it('shrinks by nearest neighbour: 8 px into 4 takes the pixels 1, 3, 5, 7', () => {
    const images = Uint8Array.from({ length: 64 }, (_, i) => i)
    const sheet = contactSheet(images, 8, 1, [0], 4, 8)
    expect([sheet.width, sheet.height]).toEqual([4, 4])
    const expected: number[] = []
    for (const y of [1, 3, 5, 7]) for (const x of [1, 3, 5, 7]) expected.push(y * 8 + x)
    expect(Array.from(sheet.pixels)).toEqual(expected)
  })

  it('writes the sheet as an image of the output, then the sample naming each cell', async () => {
    const size = 4
    const labels = Int32Array.from([0, 1, 1, 0])
    const predicted = Int32Array.from([0, 0, 1, 0])
    const images = Uint8Array.from({ length: 4 * size * size * 3 }, (_, i) => (i * 37) % 256)
    const calls: string[] = []
    const written: { series: string; png: Uint8Array; step: number }[] = []
    let sample: PredictionsRecord | null = null
    const ctx = {
      image: (image: { series: string; png: Uint8Array; step: number }) => {
        calls.push('image')
        written.push(image)
      },
      reporter: {
        sample: (_name: string, _step: number, value: unknown) => {
          calls.push('sample')
          sample = value as PredictionsRecord
        },
      },
    } as unknown as TrainerContext
    await writePredictionsOutput(ctx, { images, labels, size, channels: 3, classNames: ['cat', 'dog'], predicted, step: 12, epoch: 3 })
    expect(calls).toEqual(['image', 'sample'])
    expect(written[0].series).toBe('predictions')
    const record = sample as unknown as PredictionsRecord
    expect(record.total).toBe(4)
    expect(record.wrong).toBe(1)
    expect(record.sheet).toEqual({ series: 'predictions', step: 12, cellSize: 4, columns: 4 })
    expect(record.items).toHaveLength(4)
    expect(record.items[0]).toEqual({ index: 0, label: 'cat', predicted: 'cat', cell: 0 })
    expect(record.items.find((i) => i.index === 1)).toMatchObject({ label: 'dog', predicted: 'cat' })
    // Decoded by sharp, each cell holds its test image.
    const { data, info } = await sharp(Buffer.from(written[0].png)).raw().toBuffer({ resolveWithObject: true })
    expect(info.channels).toBe(3)
    for (const item of record.items) {
      const x0 = (item.cell % record.sheet.columns) * size
      const y0 = Math.floor(item.cell / record.sheet.columns) * size
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          for (let c = 0; c < 3; c++) expect(data[((y0 + y) * info.width + x0 + x) * 3 + c]).toBe(images[((item.index * size + y) * size + x) * 3 + c])
    }
  })
})
