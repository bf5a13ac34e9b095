import { describe, expect, it } from 'vitest'
import { bucketOf, downsampleMinMax, lowerBound, upperBound, visibleIndexRange } from '../../../src/renderer/src/charts/downsample'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32
}

function series(n: number, seed = 3, step = () => 1): { xs: number[]; ys: number[] } {
  const r = rng(seed)
  const xs: number[] = []
  const ys: number[] = []
  let x = 0
  for (let i = 0; i < n; i++) {
    x += step()
    xs.push(x)
    ys.push(Math.exp(-i / (n / 4)) + (r() - 0.5) * 0.4 + (r() < 0.001 ? 5 : 0))
  }
  return { xs, ys }
}

/** Brute force: for every bucket of the window, the min and max y of the points in it. */
function bruteBuckets(xs: number[], ys: number[], xMin: number, xMax: number, width: number) {
  const buckets = new Map<number, { min: number; max: number }>()
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < xMin || xs[i] > xMax || !Number.isFinite(ys[i])) continue
    const b = bucketOf(xs[i], xMin, xMax, width)
    const e = buckets.get(b)
    if (!e) buckets.set(b, { min: ys[i], max: ys[i] })
    else {
      e.min = Math.min(e.min, ys[i])
      e.max = Math.max(e.max, ys[i])
    }
  }
  return buckets
}

function checkAgainstBruteForce(xs: number[], ys: number[], xMin: number, xMax: number, width: number): number[] {
  const idx = downsampleMinMax(xs, ys, { xMin, xMax, width })
  // Ascending, no repeats.
  for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1])
  expect(idx.length).toBeLessThanOrEqual(2 * width + 2)
  const kept = new Map<number, number[]>()
  for (const i of idx) {
    if (xs[i] < xMin || xs[i] > xMax) continue
    const b = bucketOf(xs[i], xMin, xMax, width)
    const list = kept.get(b) ?? []
    list.push(ys[i])
    kept.set(b, list)
  }
  for (const [b, { min, max }] of bruteBuckets(xs, ys, xMin, xMax, width)) {
    const values = kept.get(b)
    expect(values, `bucket ${b}`).toBeDefined()
    expect(values).toContain(min)
    expect(values).toContain(max)
  }
  // The edges: first and last point of the window (or the neighbours just outside) are kept.
  const [first, last] = visibleIndexRange(xs, xMin, xMax)
  expect(idx[0]).toBe(first)
  expect(idx[idx.length - 1]).toBe(last)
  return idx
}

describe('downsampleMinMax', () => {
  it('keeps every point when there are fewer than ~2x the pixel width', () => {
    const { xs, ys } = series(1000)
    expect(downsampleMinMax(xs, ys, { width: 600 })).toEqual(xs.map((_, i) => i))
  })

  it('keeps the min and max of every bucket (brute force), bounded output, whole range', () => {
    const { xs, ys } = series(50_000)
    const idx = checkAgainstBruteForce(xs, ys, xs[0], xs[xs.length - 1], 800)
    expect(idx.length).toBeGreaterThan(800)
    expect(idx[0]).toBe(0)
    expect(idx[idx.length - 1]).toBe(xs.length - 1)
  })

  it('keeps the extremes of a zoomed window, plus one point beyond each edge', () => {
    const { xs, ys } = series(100_000, 9)
    checkAgainstBruteForce(xs, ys, 12_345.5, 40_000.25, 500)
    const idx = downsampleMinMax(xs, ys, { xMin: 12_345.5, xMax: 40_000.25, width: 500 })
    expect(xs[idx[0]]).toBeLessThan(12_345.5)
    expect(xs[idx[idx.length - 1]]).toBeGreaterThan(40_000.25)
  })

  it('works with irregular x (wall time) and keeps a single spike', () => {
    const r = rng(5)
    const { xs, ys } = series(30_000, 11, () => 0.1 + r() * 3)
    ys[17_777] = 1000
    const idx = checkAgainstBruteForce(xs, ys, xs[0], xs[xs.length - 1], 300)
    expect(idx).toContain(17_777)
  })

  it('keeps the points of a bucket in their original order', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i)
    const ys = xs.map((i) => (i % 2 ? 10 - i / 10 : -i / 10))
    const idx = downsampleMinMax(xs, ys, { width: 4 })
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1])
  })

  it('leaves out NaN and Infinity values', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i)
    const ys = xs.map((i) => (i % 100 === 0 ? NaN : i === 5 ? Infinity : Math.sin(i)))
    const idx = downsampleMinMax(xs, ys, { width: 100 })
    for (const i of idx) expect(Number.isFinite(ys[i])).toBe(true)
    const small = downsampleMinMax(xs.slice(0, 150), ys.slice(0, 150), { width: 100 })
    expect(small).not.toContain(0)
    expect(small).not.toContain(5)
  })

  it('handles empty, single-point and zero-width windows', () => {
    expect(downsampleMinMax([], [], { width: 100 })).toEqual([])
    expect(downsampleMinMax([3], [1], { width: 100 })).toEqual([0])
    const { xs, ys } = series(10_000)
    const idx = downsampleMinMax(xs, ys, { xMin: 500, xMax: 500, width: 0 })
    expect(idx.length).toBeLessThanOrEqual(4)
  })

  it('bounds the output of 100,000 points by the pixel width (its speed: npm run bench:core)', () => {
    const { xs, ys } = series(100_000, 21)
    expect(downsampleMinMax(xs, ys, { width: 1200 }).length).toBeLessThanOrEqual(2402)
  })
})

describe('binary search', () => {
  it('lowerBound / upperBound agree with a linear scan', () => {
    const xs = [1, 2, 2, 2, 5, 8, 8, 13]
    for (const x of [0, 1, 1.5, 2, 3, 5, 8, 9, 13, 20]) {
      expect(lowerBound(xs, x)).toBe(xs.findIndex((v) => v >= x) === -1 ? xs.length : xs.findIndex((v) => v >= x))
      expect(upperBound(xs, x)).toBe(xs.findIndex((v) => v > x) === -1 ? xs.length : xs.findIndex((v) => v > x))
    }
  })
})
