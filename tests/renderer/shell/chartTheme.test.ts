import { describe, expect, it } from 'vitest'
import { chartTheme, LIGHT_PALETTE, paletteFrom } from '../../../src/renderer/src/charts/chartTheme'

describe('the charts’ theme from the page’s colour variables', () => {
  it('reads each variable, keeping the light value for one that is not set', () => {
    const vars: Record<string, string> = { '--bt-text': ' #e4e7ee ', '--bt-chart-grid': '#262b35', '--bt-surface': '#1a1e26' }
    const p = paletteFrom({ getPropertyValue: (name: string) => vars[name] ?? '' })
    expect(p.text).toBe('#e4e7ee')
    expect(p.grid).toBe('#262b35')
    expect(p.surface).toBe('#1a1e26')
    expect(p.muted).toBe(LIGHT_PALETTE.muted)
  })

  it('puts them where ECharts looks: title, legend, value axis, tooltip', () => {
    const p = { ...LIGHT_PALETTE, text: 'T', textSoft: 'S', muted: 'M', grid: 'G', axis: 'A', surface: 'B', border: 'R' }
    const t = chartTheme(p) as Record<string, any>
    expect(t.title.textStyle.color).toBe('T')
    expect(t.legend.textStyle.color).toBe('S')
    expect(t.valueAxis.axisLabel.color).toBe('M')
    expect(t.valueAxis.splitLine.lineStyle.color).toEqual(['G'])
    expect(t.valueAxis.axisLine.lineStyle.color).toBe('A')
    expect(t.tooltip.backgroundColor).toBe('B')
    expect(t.tooltip.borderColor).toBe('R')
  })
})
