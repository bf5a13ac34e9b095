import { describe, expect, it } from 'vitest'
import { rankClasses } from '../../src/main/predict/probabilities'

describe('rankClasses', () => {
  it('names a softmax row and puts the most likely class first, keeping class order on ties', () => {
    expect(rankClasses([0.2, 0.5, 0.2, 0.1], ['a', 'b', 'c', 'd'], false)).toEqual([
      { class: 'b', p: 0.5 },
      { class: 'a', p: 0.2 },
      { class: 'c', p: 0.2 },
      { class: 'd', p: 0.1 },
    ])
  })

  it('turns a sigmoid output into p for the second class (label 1) and 1 - p for the first', () => {
    const ranked = rankClasses([0.25], ['cats', 'dogs'], true)
    expect(ranked.map((c) => c.class)).toEqual(['cats', 'dogs'])
    expect(ranked[0].p).toBeCloseTo(0.75, 12)
    expect(ranked[1].p).toBeCloseTo(0.25, 12)
    expect(rankClasses([0.9], ['cats', 'dogs'], true)[0].class).toBe('dogs')
  })

  it('refuses a row of the wrong width', () => {
    expect(() => rankClasses([0.5, 0.5], ['a', 'b', 'c'], false)).toThrow(/2 outputs for 3 classes/)
    expect(() => rankClasses([0.5, 0.5], ['a', 'b'], true)).toThrow(/expected 1/)
  })
})
