import { describe, expect, it } from 'vitest'
import { PALETTE, seriesColor, withAlpha } from '../../../src/renderer/src/charts/colors'

describe('colors', () => {
  it('assigns distinct palette colours by index, then repeats', () => {
    const first = Array.from({ length: PALETTE.length }, (_, i) => seriesColor(i))
    expect(new Set(first).size).toBe(PALETTE.length)
    expect(seriesColor(PALETTE.length)).toBe(seriesColor(0))
    expect(seriesColor(0)).toBe('#0072B2')
  })

  it('adds alpha to hex colours', () => {
    expect(withAlpha('#0072B2', 0.25)).toBe('rgba(0, 114, 178, 0.25)')
    expect(withAlpha('#fff', 0.5)).toBe('rgba(255, 255, 255, 0.5)')
    expect(withAlpha('red', 0.5)).toBe('red')
  })
})
