import type { PredictionItem, PredictionSheet } from '../samples'

/**
 * The pure parts of the predictions panel: which thumbnails show, in which order, and where each
 * one is on the run's contact sheet.
 */

/** A confusion-matrix cell picked as a filter: actual class, predicted class (by name). */
export interface PredictionFilter {
  actual: string
  predicted: string
}

export function isMistake(item: PredictionItem): boolean {
  return item.label !== item.predicted
}

/** Misclassified first, then the right ones, each in test order; only those of the filter's cell when given. */
export function orderPredictions(items: readonly PredictionItem[], filter: PredictionFilter | null = null): PredictionItem[] {
  const shown = filter ? items.filter((i) => i.label === filter.actual && i.predicted === filter.predicted) : [...items]
  return shown.sort((a, b) => Number(isMistake(b)) - Number(isMistake(a)) || a.index - b.index)
}

/**
 * CSS that shows an item's cell of the sheet at `size` px: the sheet as a background, scaled so
 * one cell is `size` px, shifted to the cell. Null without a sheet or a cell.
 */
export function thumbnailStyle(item: PredictionItem, sheet: PredictionSheet | null, url: string, size: number): Record<string, string> | null {
  if (!sheet || !url || item.cell === undefined || !Number.isInteger(item.cell) || item.cell < 0) return null
  const scale = size / sheet.cellSize
  const col = item.cell % sheet.columns
  const row = Math.floor(item.cell / sheet.columns)
  return {
    backgroundImage: `url("${url}")`,
    backgroundSize: `${sheet.columns * size}px auto`,
    backgroundPosition: `${-col * sheet.cellSize * scale}px ${-row * sheet.cellSize * scale}px`,
  }
}
