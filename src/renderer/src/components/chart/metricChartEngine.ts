import { LineChart, type LineSeriesOption } from 'echarts/charts'
import { DataZoomInsideComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import {
  axisExtent,
  exportGridTop,
  GRID_TOP_NO_LEGEND,
  frameOption,
  isShortSeries,
  lineData,
  rawId,
  screenLegend,
  smoothId,
  displayData,
  type ChartOption,
  type ViewWindow,
} from '../../charts/chartOption'
import { plottedCsv, type CsvSeries } from '../../charts/csv'
import { valuesAt } from '../../charts/hover'
import { SeriesCache, type PreparedSeries } from '../../charts/seriesCache'
import type { ChartSeries, XAxisKind } from '../../charts/types'
import { formatNumber, formatX, xCsvName } from '../../charts/xAxis'
import { chartTheme, LIGHT_PALETTE, type ChartPalette } from '../../charts/chartTheme'

use([LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, DataZoomInsideComponent, CanvasRenderer, SVGRenderer])

export interface ChartInput {
  title: string
  series: readonly ChartSeries[]
  xAxis: XAxisKind
  smoothing: number
  /** Draw the chart's own legend (default true); false where the page shows one legend for all charts. */
  legend?: boolean
}

export interface EngineOptions {
  /** Default: canvas where the browser has a 2D canvas, else SVG (e.g. a DOM without canvas in tests). */
  renderer?: 'canvas' | 'svg'
  /** Called once the chart has drawn an update, with ms from the update's start. */
  onRendered?: (ms: number) => void
  /** Called when the zoom changes: whether a part of the x range is shown. */
  onZoomChange?: (zoomed: boolean) => void
  /** Wait this long after the last zoom step before re-sampling for the new range (ms). */
  zoomDebounceMs?: number
  /** The page's colours (charts/chartTheme.ts); default the light theme. */
  palette?: ChartPalette
}

function canvasAvailable(): boolean {
  try {
    const c = document.createElement('canvas')
    return typeof c.getContext === 'function' && c.getContext('2d') != null
  } catch {
    return false
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

/** The x under the pointer, from ECharts' axis tooltip parameters. */
function axisValueOf(params: unknown): number {
  const first = Array.isArray(params) ? params[0] : params
  if (first && typeof first === 'object' && 'axisValue' in first) {
    const v = Number((first as { axisValue: unknown }).axisValue)
    if (Number.isFinite(v)) return v
  }
  return NaN
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/**
 * One ECharts instance for one metric chart: keeps the per-series data (SeriesCache), down-samples
 * it for the visible range and the plot width, and talks to ECharts with as little as possible:
 * a full `setOption` only when the set of series, the x axis, the title or smoothing on/off
 * changes; otherwise only the data of the series that changed (lazyUpdate, merged by id).
 */
export class MetricChartEngine {
  readonly chart: ECharts
  readonly cache = new SeriesCache()
  private input: ChartInput | null = null
  private frameKey = ''
  /** Top of the plot on screen (below the legend's rows). */
  private gridTop = 0
  private zoom = { start: 0, end: 100 }
  private selected: Record<string, boolean> = {}
  /** What each series was last drawn with: data version and window. */
  private drawn = new Map<string, { version: number; xMin: number; xMax: number; width: number }>()
  private renderStart: number | null = null
  private zoomTimer: ReturnType<typeof setTimeout> | null = null
  private disposed = false
  private palette: ChartPalette

  constructor(
    readonly el: HTMLElement,
    private readonly options: EngineOptions = {},
  ) {
    const renderer = options.renderer ?? (canvasAvailable() ? 'canvas' : 'svg')
    this.palette = options.palette ?? LIGHT_PALETTE
    this.chart = init(el, chartTheme(this.palette), { renderer })
    this.chart.on('finished', () => {
      if (this.renderStart === null) return
      const ms = now() - this.renderStart
      this.renderStart = null
      this.options.onRendered?.(ms)
    })
    this.chart.on('datazoom', (event: unknown) => this.onDataZoom(event))
    this.chart.on('legendselectchanged', (event: unknown) => {
      const e = event as { selected?: Record<string, boolean> }
      if (e.selected) this.selected = { ...e.selected }
    })
  }

  get totalPoints(): number {
    return this.cache.totalPoints
  }

  get zoomed(): boolean {
    return this.zoom.start > 0 || this.zoom.end < 100
  }

  /** Brings the chart up to date with the props; cheap when nothing or only some points changed. */
  update(input: ChartInput): void {
    if (this.disposed) return
    const t0 = now()
    const xChanged = this.input !== null && this.input.xAxis !== input.xAxis
    this.input = input
    const sync = this.cache.sync(input.series, input.xAxis, input.smoothing)
    const smoothingOn = input.smoothing > 0
    const legend =
      input.legend === false
        ? ({ mode: 'hidden', rows: 0, gridTop: GRID_TOP_NO_LEGEND } as const)
        : screenLegend(
            this.cache.list.map((s) => s.label),
            this.chart.getWidth() || 600,
          )
    const frameKey = JSON.stringify([input.title, input.xAxis, smoothingOn, legend, this.cache.list.map((s) => [s.key, s.label, s.color, isShortSeries(s)])])
    if (xChanged && this.zoomed) {
      // The zoom window was in the other axis' units.
      this.zoom = { start: 0, end: 100 }
      this.chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 })
      this.options.onZoomChange?.(false)
    }
    if (frameKey !== this.frameKey || sync.structureChanged) {
      this.frameKey = frameKey
      this.gridTop = legend.gridTop
      this.drawn.clear()
      const option = frameOption({
        title: input.title,
        xKind: input.xAxis,
        list: this.cache.list,
        smoothingOn,
        legend: legend.mode,
        gridTop: legend.gridTop,
        selected: this.selectedFor(this.cache.list),
        tooltipFormatter: (params) => this.tooltip(params),
      })
      this.applyData(option, true)
      this.renderStart ??= t0
      this.chart.setOption(option, { replaceMerge: ['series'], lazyUpdate: true })
    } else if (sync.dataChanged) {
      const option: ChartOption = {}
      if (this.applyData(option, false)) {
        this.renderStart ??= t0
        this.chart.setOption(option, { lazyUpdate: true })
      }
    }
  }

  /** The chart's size changed: resize, and re-sample for the new width. */
  resize(): void {
    if (this.disposed) return
    // ResizeObserver also reports the first layout: redrawing every line for nothing is not free.
    if (this.el.clientWidth === this.chart.getWidth() && this.el.clientHeight === this.chart.getHeight()) return
    this.chart.resize()
    if (this.input) {
      // Re-checks the legend's layout for the new width (and re-samples everything if it changed).
      const before = this.frameKey
      this.update(this.input)
      if (this.frameKey !== before) return
    }
    const option: ChartOption = {}
    if (this.applyData(option, false)) {
      this.renderStart ??= now()
      this.chart.setOption(option, { lazyUpdate: true })
    }
  }

  /** Repaints in other colours (the page switched between light and dark). */
  setPalette(palette: ChartPalette): void {
    if (this.disposed || JSON.stringify(palette) === JSON.stringify(this.palette)) return
    this.palette = palette
    this.chart.setTheme(chartTheme(palette))
  }

  resetZoom(): void {
    this.chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 })
  }

  /** PNG (data URL) of the chart with its title and every legend entry, at twice the pixel density, on the page's background. */
  exportPng(): string {
    return this.renderOffscreen('canvas', (c) => c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: this.palette.surface }))
  }

  /** SVG text of the same picture. */
  exportSvg(): string {
    return this.renderOffscreen('svg', (c) => c.renderToSVGString())
  }

  /** CSV of the series shown (legend-hidden ones left out): every point, in this axis and smoothing. */
  plottedCsv(): string {
    const xName = xCsvName(this.input?.xAxis ?? 'step')
    const series: CsvSeries[] = this.visibleSeries().map((s) => ({ label: s.label, xs: s.xs, raw: s.raw, smoothed: s.smoothed }))
    return plottedCsv(xName, series)
  }

  dispose(): void {
    this.disposed = true
    if (this.zoomTimer) clearTimeout(this.zoomTimer)
    this.chart.dispose()
  }

  private visibleSeries(): PreparedSeries[] {
    return this.cache.list.filter((s) => this.selected[s.label] !== false)
  }

  private selectedFor(list: readonly PreparedSeries[]): Record<string, boolean> {
    const out: Record<string, boolean> = {}
    for (const s of list) out[s.label] = this.selected[s.label] !== false
    return out
  }

  /** The x window shown and the plot width. */
  private view(): ViewWindow {
    const [min, max] = axisExtent(this.cache.list, this.input?.xAxis)
    const span = max - min
    const width = Math.max(50, (this.chart.getWidth() || 600) - 60)
    return { xMin: min + (span * this.zoom.start) / 100, xMax: min + (span * this.zoom.end) / 100, width }
  }

  /**
   * Puts the displayed data into `option`: every series when `all`, else only those whose data or
   * window changed since they were drawn. Returns whether anything was added.
   */
  private applyData(option: ChartOption, all: boolean): boolean {
    const view = this.view()
    const [min, max] = axisExtent(this.cache.list, this.input?.xAxis)
    // A line whose data did not change keeps its sample while the window moved by less than
    // half a percent (a live curve growing the x range by a few steps does not re-sample the rest).
    const slack = (view.xMax - view.xMin) * 0.005
    const data: LineSeriesOption[] = []
    const line = (id: string, version: number, xs: Float64Array, ys: Float64Array): void => {
      const d = this.drawn.get(id)
      const fresh =
        d !== undefined &&
        d.version === version &&
        d.width === view.width &&
        Math.abs(d.xMin - view.xMin) <= slack &&
        Math.abs(d.xMax - view.xMax) <= slack
      if (!all && fresh) return
      this.drawn.set(id, { version, xMin: view.xMin, xMax: view.xMax, width: view.width })
      data.push({ id, data: lineData(displayData(xs, ys, view)) })
    }
    for (const s of this.cache.list) {
      if (s.smoothed) line(smoothId(s.key), s.rawVersion * 1e6 + s.smoothVersion, s.xs, s.smoothed)
      line(rawId(s.key), s.rawVersion, s.xs, s.raw)
    }
    if (!all && data.length === 0) return false
    if (all) {
      const byId = new Map(data.map((d) => [d.id, d.data]))
      for (const fs of (option.series ?? []) as LineSeriesOption[]) if (fs.id !== undefined && byId.has(fs.id)) fs.data = byId.get(fs.id)
      option.xAxis = { ...(option.xAxis as object), min, max }
    } else {
      option.series = data
      option.xAxis = { min, max }
    }
    return true
  }

  private onDataZoom(event: unknown): void {
    const e = event as { start?: number; end?: number; batch?: { start?: number; end?: number }[] }
    const b = e.batch?.[0] ?? e
    if (typeof b.start !== 'number' || typeof b.end !== 'number') return
    this.zoom = { start: b.start, end: b.end }
    this.options.onZoomChange?.(this.zoomed)
    if (this.zoomTimer) clearTimeout(this.zoomTimer)
    this.zoomTimer = setTimeout(() => {
      this.zoomTimer = null
      if (this.disposed) return
      const option: ChartOption = {}
      if (this.applyData(option, false)) {
        this.renderStart ??= now()
        this.chart.setOption(option, { lazyUpdate: true })
      }
    }, this.options.zoomDebounceMs ?? 90)
  }

  private tooltip(params: unknown): string {
    const x = axisValueOf(params)
    if (!Number.isFinite(x) || !this.input) return ''
    const list = this.visibleSeries()
    const values = valuesAt(
      list.map((s) => ({ key: s.key, label: s.label, color: s.color, xs: s.xs, raw: s.raw, smoothed: s.smoothed })),
      x,
    )
    const smoothingOn = this.input.smoothing > 0
    if (values.every((v) => v.index < 0)) return ''
    const rows = values.map((v) => {
      // A series with no point yet at this x (it starts later): a dash, so rows do not jump.
      const main = v.index < 0 ? '—' : formatNumber(smoothingOn ? v.smoothed : v.raw)
      const raw = smoothingOn && v.index >= 0 ? `<span style="color:var(--bt-faint);margin-left:6px">${formatNumber(v.raw)}</span>` : ''
      return (
        `<div style="display:flex;align-items:center;gap:8px;line-height:18px">` +
        `<span style="width:10px;height:3px;border-radius:2px;background:${escapeHtml(v.color)};flex:none"></span>` +
        `<span style="flex:1;max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--bt-text-soft)">${escapeHtml(v.label)}</span>` +
        `<span style="font-variant-numeric:tabular-nums;font-weight:600;margin-left:12px">${main}</span>${raw}</div>`
      )
    })
    const head = `<div style="color:var(--bt-muted);margin-bottom:4px">${escapeHtml(formatX(this.input.xAxis, x))}${smoothingOn ? ' · smoothed <span style="color:var(--bt-faint)">raw</span>' : ''}</div>`
    return head + rows.join('')
  }

  /** Draws the current picture into a throw-away instance (wrapping legend: every label shows). */
  private renderOffscreen<T>(renderer: 'canvas' | 'svg', read: (chart: ECharts) => T): T {
    if (!this.input) throw new Error('nothing to export yet')
    const width = this.chart.getWidth() || 800
    const liveHeight = this.chart.getHeight() || 320
    const labels = this.cache.list.map((s) => s.label)
    const gridTop = exportGridTop(labels, width)
    // The same plot height as on screen, plus the rows the full legend needs.
    const height = liveHeight + (gridTop - this.gridTop)
    const option = frameOption({
      title: this.input.title,
      xKind: this.input.xAxis,
      list: this.cache.list,
      smoothingOn: this.input.smoothing > 0,
      legend: 'plain',
      gridTop,
      selected: this.selectedFor(this.cache.list),
      zoom: false,
    })
    const view = { ...this.view(), width: Math.max(50, width - 60) }
    const byId = new Map<string, Float64Array>()
    for (const s of this.cache.list) {
      if (s.smoothed) byId.set(smoothId(s.key), displayData(s.xs, s.smoothed, view))
      byId.set(rawId(s.key), displayData(s.xs, s.raw, view))
    }
    for (const fs of (option.series ?? []) as LineSeriesOption[]) {
      fs.data = lineData(byId.get(String(fs.id)) ?? new Float64Array(0))
    }
    option.xAxis = { ...(option.xAxis as object), min: view.xMin, max: view.xMax }
    option.backgroundColor = this.palette.surface
    const theme = chartTheme(this.palette)
    const offscreen =
      renderer === 'svg'
        ? init(null, theme, { renderer: 'svg', ssr: true, width, height })
        : init(document.createElement('div'), theme, { renderer: 'canvas', width, height })
    try {
      offscreen.setOption(option)
      return read(offscreen)
    } finally {
      offscreen.dispose()
    }
  }
}
