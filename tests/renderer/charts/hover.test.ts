import { describe, expect, it } from 'vitest'
import { indexAtOrBefore, valuesAt } from '../../../src/renderer/src/charts/hover'

describe('hover', () => {
  it('finds the nearest point at or before x', () => {
    const xs = [1, 3, 5, 9]
    expect(indexAtOrBefore(xs, 0.5)).toBe(-1)
    expect(indexAtOrBefore(xs, 1)).toBe(0)
    expect(indexAtOrBefore(xs, 4.9)).toBe(1)
    expect(indexAtOrBefore(xs, 5)).toBe(2)
    expect(indexAtOrBefore(xs, 100)).toBe(3)
  })

  it('agrees with a linear scan on a large series', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => i * 2 + (i % 3) * 0.1)
    for (const x of [-1, 0, 1, 77.7, 1234.05, 199_990, 1e9]) {
      let want = -1
      for (let i = 0; i < xs.length; i++) if (xs[i] <= x) want = i
      expect(indexAtOrBefore(xs, x)).toBe(want)
    }
  })

  it('gives every series its value at x', () => {
    const values = valuesAt(
      [
        { key: 'a', label: 'A', color: '#000', xs: [1, 2, 3], raw: [10, 20, 30], smoothed: [11, 19, 29] },
        { key: 'b', label: 'B', color: '#111', xs: [2.5, 4], raw: [7, 8], smoothed: null },
      ],
      2.7,
    )
    expect(values.map((v) => [v.key, v.index, v.raw, v.smoothed])).toEqual([
      ['a', 1, 20, 19],
      ['b', 0, 7, 7],
    ])
    const before = valuesAt([{ key: 'b', label: 'B', color: '#111', xs: [2.5, 4], raw: [7, 8], smoothed: null }], 1)
    expect(before[0].index).toBe(-1)
    expect(before[0].raw).toBeNaN()
  })
})
