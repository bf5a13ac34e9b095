/**
 * The run page's plots chosen by output kind (`roc-curve`, `histograms`, `embeddings`): each
 * sample checked, then turned into SVG geometry in a W x H box with the y axis pointing up.
 * Pure, so what is drawn is tested without a browser.
 */
import type { OutputKind } from '../../../../shared/api'

/** The output kinds drawn by a plot of this file. */
export const PLOTTED_KINDS: readonly OutputKind[] = ['roc-curve', 'histograms', 'embeddings']

export const PLOT_W = 320
export const PLOT_H = 240
/** Room for the axes' labels. */
export const PAD = 28

export interface RocPlot {
  /** SVG path of the curve ("M x y L x y ..."). */
  path: string
  auc: number
  threshold: number | null
  points: number
}

export interface HistogramPlot {
  /** One bar list per series, each bar a rectangle. */
  series: { label: string; color: string; total: number; bars: { x: number; y: number; width: number; height: number; share: number }[] }[]
  /** x positions of the edges' labels. */
  ticks: { x: number; label: string }[]
  marker: { x: number; label: string } | null
}

export interface ProjectionPlot {
  points: { x: number; y: number; color: string; label: string }[]
  legend: { label: string; color: string; count: number }[]
  explained: [number, number] | null
}

/** Tableau 10, then grey: one colour per class. */
export const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']
export const colorOf = (i: number) => (i < CLASS_COLORS.length ? CLASS_COLORS[i] : '#888888')

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
const r2 = (v: number) => Math.round(v * 100) / 100
/** x in [0, 1] -> SVG x; y in [0, 1] -> SVG y (up). */
const sx = (x: number) => PAD + x * (PLOT_W - PAD - 8)
const sy = (y: number) => PLOT_H - PAD - y * (PLOT_H - PAD - 8)

/** `{ fpr, tpr, auc, threshold? }` -> the curve in the unit square; null for anything else. */
export function rocPlot(value: unknown): RocPlot | null {
  if (!value || typeof value !== 'object') return null
  const v = value as { fpr?: unknown; tpr?: unknown; auc?: unknown; threshold?: unknown }
  if (!isNumbers(v.fpr) || !isNumbers(v.tpr) || v.fpr.length !== v.tpr.length || v.fpr.length < 2 || typeof v.auc !== 'number') return null
  const tpr = v.tpr
  const path = v.fpr.map((f, i) => `${i === 0 ? 'M' : 'L'}${r2(sx(f))} ${r2(sy(tpr[i]))}`).join(' ')
  return { path, auc: v.auc, threshold: typeof v.threshold === 'number' && Number.isFinite(v.threshold) ? v.threshold : null, points: v.fpr.length }
}

/**
 * `{ edges, series: [{ label, counts }], marker? }` -> bars of each series' share of its own total
 * (the groups differ in size: 5,000 positive pairs against 45,000 negative), on a common y scale.
 */
export function histogramPlot(value: unknown): HistogramPlot | null {
  if (!value || typeof value !== 'object') return null
  const v = value as { edges?: unknown; series?: unknown; marker?: unknown }
  if (!isNumbers(v.edges) || v.edges.length < 2 || !Array.isArray(v.series) || v.series.length === 0) return null
  const edges = v.edges
  const bins = edges.length - 1
  const series = v.series as { label?: unknown; counts?: unknown }[]
  if (!series.every((s) => s && typeof s.label === 'string' && isNumbers(s.counts) && s.counts.length === bins)) return null
  const lo = edges[0]
  const span = edges[bins] - lo || 1
  const shares = series.map((s) => {
    const counts = s.counts as number[]
    const total = counts.reduce((a, b) => a + b, 0)
    return { label: s.label as string, total, shares: counts.map((c) => (total > 0 ? c / total : 0)) }
  })
  const top = Math.max(...shares.flatMap((s) => s.shares), 1e-9)
  const width = (PLOT_W - PAD - 8) / bins
  const plotted = shares.map((s, k) => ({
    label: s.label,
    color: colorOf(k),
    total: s.total,
    bars: s.shares.map((share, i) => {
      const h = (share / top) * (PLOT_H - PAD - 8)
      return { x: r2(sx((edges[i] - lo) / span)), y: r2(PLOT_H - PAD - h), width: r2(width), height: r2(h), share }
    }),
  }))
  const tickEvery = Math.max(1, Math.round(bins / 4))
  const ticks = edges.filter((_, i) => i % tickEvery === 0 || i === bins).map((e) => ({ x: r2(sx((e - lo) / span)), label: String(Math.round(e * 100) / 100) }))
  const m = v.marker as { label?: unknown; value?: unknown } | undefined
  const marker = m && typeof m.value === 'number' && Number.isFinite(m.value) && typeof m.label === 'string' ? { x: r2(sx(Math.min(1, Math.max(0, (m.value - lo) / span)))), label: `${m.label} ${m.value.toFixed(3)}` } : null
  return { series: plotted, ticks, marker }
}

/** `{ classNames, points: [x, y, class][] , explained? }` -> dots scaled to the box (equal scale on both axes). */
export function projectionPlot(value: unknown): ProjectionPlot | null {
  if (!value || typeof value !== 'object') return null
  const v = value as { classNames?: unknown; points?: unknown; explained?: unknown }
  if (!Array.isArray(v.classNames) || !v.classNames.every((n) => typeof n === 'string') || !Array.isArray(v.points) || v.points.length === 0) return null
  const names = v.classNames as string[]
  const points = v.points as unknown[]
  if (!points.every((p) => isNumbers(p) && p.length === 3 && Number.isInteger(p[2]) && p[2] >= 0 && p[2] < names.length)) return null
  const xyc = points as [number, number, number][]
  const [minX, maxX] = [Math.min(...xyc.map((p) => p[0])), Math.max(...xyc.map((p) => p[0]))]
  const [minY, maxY] = [Math.min(...xyc.map((p) => p[1])), Math.max(...xyc.map((p) => p[1]))]
  // One scale for both axes, so distances on screen are the projection's.
  const span = Math.max(maxX - minX, maxY - minY) || 1
  const inner = Math.min(PLOT_W, PLOT_H) - 16
  const ox = (PLOT_W - ((maxX - minX) / span) * inner) / 2
  const oy = (PLOT_H - ((maxY - minY) / span) * inner) / 2
  const counts = new Array<number>(names.length).fill(0)
  for (const p of xyc) counts[p[2]] += 1
  return {
    points: xyc.map(([x, y, c]) => ({ x: r2(ox + ((x - minX) / span) * inner), y: r2(PLOT_H - oy - ((y - minY) / span) * inner), color: colorOf(c), label: names[c] })),
    legend: names.map((label, i) => ({ label, color: colorOf(i), count: counts[i] })).filter((l) => l.count > 0),
    explained: isNumbers(v.explained) && v.explained.length === 2 ? [v.explained[0], v.explained[1]] : null,
  }
}
