import { describe, expect, it } from 'vitest'
import { formatLetterProbability, letterTooltip, PROBABILITY_BANDS, probabilityBand, probabilityColor } from '../../../src/renderer/src/components/lm/probabilityScale'

describe('the letter colour scale', () => {
  it('has bands that cover 0 to 1 without gaps, each with its own colour', () => {
    expect(PROBABILITY_BANDS[0].from).toBe(0)
    expect(PROBABILITY_BANDS.at(-1)!.to).toBe(1)
    PROBABILITY_BANDS.slice(1).forEach((b, i) => expect(b.from).toBe(PROBABILITY_BANDS[i].to))
    expect(new Set(PROBABILITY_BANDS.map((b) => b.color)).size).toBe(PROBABILITY_BANDS.length)
  })

  it('puts each probability in the band whose range holds it, bounds going to the higher band', () => {
    expect([0, 0.01, 0.05, 0.1999, 0.2, 0.5, 0.7, 1].map(probabilityBand)).toEqual([0, 0, 1, 1, 2, 3, 4, 4])
    // Out-of-range values clamp to the ends instead of breaking the page.
    expect([-1, Number.NaN, 2].map(probabilityBand)).toEqual([0, 0, 4])
    expect(probabilityColor(0.9)).toBe(PROBABILITY_BANDS[4].color)
  })

  it('never puts a likelier letter in a lower band', () => {
    let previous = 0
    for (let p = 0; p <= 1; p += 0.001) {
      expect(probabilityBand(p)).toBeGreaterThanOrEqual(previous)
      previous = probabilityBand(p)
    }
  })

  it('gives the exact probability in the tooltip, and the drawing probability for sampled letters', () => {
    expect(letterTooltip({ letter: 'q', p: 0.123456 })).toBe("'q': p = 0.1235")
    expect(letterTooltip({ letter: 'u', p: 0.9, q: 0.95 })).toBe("'u': p = 0.9; drawn with 0.95 after temperature and top-k")
    expect(formatLetterProbability(0.00012)).toBe('1.20e-4')
    expect(formatLetterProbability(0)).toBe('0')
  })
})
