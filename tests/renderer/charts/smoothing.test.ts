import { describe, expect, it } from 'vitest'
import { clampWeight, emaStart, smooth, smoothInto } from '../../../src/renderer/src/charts/smoothing'

/** Straightforward reference: TensorBoard's debiased EMA, written the obvious way. */
function reference(values: number[], w: number): number[] {
  let last = 0
  let k = 0
  return values.map((v) => {
    if (!Number.isFinite(v)) return v
    last = last * w + (1 - w) * v
    k++
    return last / (1 - Math.pow(w, k))
  })
}

function noisy(n: number, seed = 1): number[] {
  let s = seed
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  return Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 300) + 0.3 * (rand() - 0.5))
}

describe('smoothing (debiased EMA)', () => {
  it('weight 0 is the identity', () => {
    const v = noisy(500)
    expect(smooth(v, 0)).toEqual(v)
  })

  it('keeps a constant series constant (no bias toward 0 or the first point)', () => {
    for (const w of [0.3, 0.6, 0.9, 0.99, 0.999]) {
      const out = smooth(new Array(2000).fill(5), w)
      expect(Math.max(...out.map((y) => Math.abs(y - 5)))).toBeLessThan(1e-9)
    }
  })

  it('starts at the first value, not at a fraction of it', () => {
    expect(smooth([10, 10, 10], 0.9)[0]).toBeCloseTo(10, 12)
    expect(smooth([4, 8], 0.5)).toEqual(reference([4, 8], 0.5))
  })

  it('matches a straightforward reference implementation', () => {
    for (const w of [0.1, 0.6, 0.95, 0.99]) {
      const v = noisy(5000, Math.round(w * 100))
      const got = smooth(v, w)
      const want = reference(v, w)
      expect(got.length).toBe(want.length)
      let worst = 0
      for (let i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]))
      expect(worst).toBeLessThan(1e-10)
    }
  })

  it('passes NaN and Infinity through without poisoning the average', () => {
    const v = [1, 2, NaN, 3, Infinity, -Infinity, 4]
    const out = smooth(v, 0.6)
    expect(out[2]).toBeNaN()
    expect(out[4]).toBe(Infinity)
    expect(out[5]).toBe(-Infinity)
    const finite = smooth([1, 2, 3, 4], 0.6)
    expect(out[0]).toBeCloseTo(finite[0], 12)
    expect(out[1]).toBeCloseTo(finite[1], 12)
    expect(out[3]).toBeCloseTo(finite[2], 12)
    expect(out[6]).toBeCloseTo(finite[3], 12)
    expect(out.filter((y) => Number.isFinite(y)).every((y) => y >= 1 && y <= 4)).toBe(true)
  })

  it('continues incrementally: appending equals smoothing everything again', () => {
    const v = noisy(3000, 7)
    const state = emaStart()
    const out = new Float64Array(v.length)
    smoothInto(v.slice(0, 1000), 0, 0.9, state, out)
    smoothInto(v.slice(0, 1001), 1000, 0.9, state, out)
    smoothInto(v, 1001, 0.9, state, out)
    expect(Array.from(out)).toEqual(smooth(v, 0.9))
  })

  it('clamps the weight into [0, 0.999]', () => {
    expect(clampWeight(-1)).toBe(0)
    expect(clampWeight(NaN)).toBe(0)
    expect(clampWeight(1)).toBe(0.999)
    expect(smooth([1, 2, 3], 1).every(Number.isFinite)).toBe(true)
  })

})
