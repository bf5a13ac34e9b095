/** Shapes of the samples experiments record (see the classifier loop), checked before drawing. */
import type { MetricPoint } from '../../../shared/api'

export interface ConfusionSample {
  classNames: string[]
  /** matrix[actual][predicted] */
  matrix: number[][]
}

export interface PredictionItem {
  index: number
  label: string
  predicted: string
  /** Its cell on the contact sheet (row-major), when the run wrote one. */
  cell?: number
}

/** Where a predictions sample's thumbnails are: one image of the run, cut into square cells. */
export interface PredictionSheet {
  series: string
  step: number
  cellSize: number
  columns: number
}

export function isConfusion(value: unknown): value is ConfusionSample {
  if (!value || typeof value !== 'object') return false
  const v = value as Partial<ConfusionSample>
  return (
    Array.isArray(v.classNames) &&
    Array.isArray(v.matrix) &&
    v.matrix.length === v.classNames.length &&
    v.matrix.every((row) => Array.isArray(row) && row.every((n) => typeof n === 'number'))
  )
}

export function predictionItems(value: unknown): PredictionItem[] | null {
  if (!value || typeof value !== 'object') return null
  const items = (value as { items?: unknown }).items
  if (!Array.isArray(items)) return null
  if (!items.every((i) => i && typeof i === 'object' && 'label' in i && 'predicted' in i)) return null
  return items as PredictionItem[]
}

/** The contact sheet a predictions sample names, if it names a well-formed one. */
export function predictionSheet(value: unknown): PredictionSheet | null {
  const sheet = value && typeof value === 'object' ? (value as { sheet?: unknown }).sheet : null
  if (!sheet || typeof sheet !== 'object') return null
  const s = sheet as Partial<PredictionSheet>
  const positive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0
  if (typeof s.series !== 'string' || typeof s.step !== 'number' || !positive(s.cellSize) || !positive(s.columns)) return null
  return { series: s.series, step: s.step, cellSize: s.cellSize!, columns: s.columns! }
}

/** Names of the samples a run recorded, from its artifact paths (`samples/<name>.jsonl`). */
export function sampleNames(artifacts: string[]): string[] {
  const names: string[] = []
  for (const file of artifacts) {
    const match = /^samples\/([A-Za-z0-9_.-]+)\.jsonl$/.exec(file)
    if (match) names.push(match[1])
  }
  return names
}

const ORDER = ['loss', 'accuracy']

/** Charts in reading order: per-step metrics (loss, accuracy first), then epoch_, then val_. */
export function orderMetricNames(names: string[]): string[] {
  const group = (n: string): number => (n.startsWith('val_') ? 2 : n.startsWith('epoch_') ? 1 : 0)
  const rank = (n: string): number => {
    const base = n.replace(/^(val_|epoch_)/, '')
    const i = ORDER.indexOf(base)
    return i < 0 ? ORDER.length : i
  }
  return [...names].sort((a, b) => group(a) - group(b) || rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * Appends to `target` the points of `incoming` that are newer than its last point (points that
 * arrived as events while the file was being read are in both). Returns how many were added.
 */
export function appendNewer(target: MetricPoint[], incoming: MetricPoint[]): number {
  let added = 0
  for (const p of incoming) {
    const last = target[target.length - 1]
    if (!last || p.time > last.time || (p.time === last.time && p.step > last.step)) {
      target.push(p)
      added += 1
    }
  }
  return added
}
