/**
 * The charts' ECharts theme, made from the page's colour variables (styles/base.css), so a chart
 * follows light and dark exactly as the page does and the variables stay the one place colours
 * are chosen. Pure: the caller reads the variables (`paletteFrom(getComputedStyle(...))`).
 */

/** The page colours a chart uses. */
export interface ChartPalette {
  text: string
  textSoft: string
  muted: string
  faint: string
  grid: string
  axis: string
  surface: string
  border: string
}

/** The light theme's values: what a chart uses where no stylesheet is loaded (component tests). */
export const LIGHT_PALETTE: ChartPalette = {
  text: '#1f2330',
  textSoft: '#374151',
  muted: '#6b7280',
  faint: '#9ca3af',
  grid: '#eef0f3',
  axis: '#d1d5db',
  surface: '#fff',
  border: '#e5e7eb',
}

const VARIABLES: Record<keyof ChartPalette, string> = {
  text: '--bt-text',
  textSoft: '--bt-text-soft',
  muted: '--bt-muted',
  faint: '--bt-faint',
  grid: '--bt-chart-grid',
  axis: '--bt-chart-axis',
  surface: '--bt-surface',
  border: '--bt-border',
}

/** The palette in a computed style (of <html>); a variable that is not set keeps the light value. */
export function paletteFrom(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>): ChartPalette {
  const out = { ...LIGHT_PALETTE }
  for (const [key, name] of Object.entries(VARIABLES) as [keyof ChartPalette, string][]) {
    const value = style.getPropertyValue(name).trim()
    if (value) out[key] = value
  }
  return out
}

/** The ECharts theme object (`init(el, theme)`, `chart.setTheme(theme)`) for a palette. */
export function chartTheme(p: ChartPalette): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted },
    nameTextStyle: { color: p.muted },
    splitLine: { lineStyle: { color: [p.grid] } },
  }
  return {
    backgroundColor: 'transparent',
    textStyle: { color: p.text },
    title: { textStyle: { color: p.text }, subtextStyle: { color: p.muted } },
    legend: {
      textStyle: { color: p.textSoft },
      pageTextStyle: { color: p.muted },
      pageIconColor: p.textSoft,
      pageIconInactiveColor: p.faint,
      inactiveColor: p.faint,
    },
    valueAxis: axis,
    categoryAxis: axis,
    logAxis: axis,
    timeAxis: axis,
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      axisPointer: { lineStyle: { color: p.faint } },
    },
  }
}
