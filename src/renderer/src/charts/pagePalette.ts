import { ref } from 'vue'
import { LIGHT_PALETTE, paletteFrom, type ChartPalette } from './chartTheme'

/**
 * Bumped whenever the page's colours change (stores/theme.ts, after it set `data-theme`): charts
 * watch it and repaint with `pagePalette()`. A plain ref, so a chart needs no store to follow.
 */
export const pageColoursVersion = ref(0)

/** The chart colours the page's stylesheet has now (light values where there is no document). */
export function pagePalette(): ChartPalette {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return LIGHT_PALETTE
  return paletteFrom(getComputedStyle(document.documentElement))
}
