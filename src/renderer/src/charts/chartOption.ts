import type { LineSeriesOption } from 'echarts/charts'
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import { withAlpha } from './colors'
import { downsampleMinMax } from './downsample'
import type { PreparedSeries } from './seriesCache'
import type { XAxisKind } from './types'
import { formatDuration, formatNumber, xAxisLabel } from './xAxis'

/**
 * ECharts options of a metric chart, as plain objects (no ECharts runtime here): the frame (title,
 * legend, axes, zoom, one raw and one smoothed line per series) and the displayed, down-sampled
 * data of each series for the visible x range. Text, axis and grid colours come from the theme
 * (chartTheme.ts), never from here, so light and dark follow the page.
 */
export type ChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption | DataZoomComponentOption
>

export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
/** Opacity of the raw line under the smoothed one. */
export const RAW_OPACITY = 0.25

const TITLE_TOP = 6
const LEGEND_TOP = 32
const LEGEND_LINE_HEIGHT = 16
const LEGEND_ITEM_WIDTH = 16
/** Between items, and between rows of a wrapping legend. */
const LEGEND_ITEM_GAP = 12
const LEGEND_ROW = LEGEND_LINE_HEIGHT + LEGEND_ITEM_GAP
/** Top of the plot below a one-row legend. */
export const GRID_TOP = 70

/** ECharts reads a flat typed array as rows of `dimensions` (its option types only list arrays). */
export function lineData(flat: Float64Array): LineSeriesOption['data'] {
  return flat as unknown as LineSeriesOption['data']
}
const EMPTY_DATA = new Float64Array(0)

/** How the legend is laid out for these labels at this chart width. */
export interface LegendLayout {
  /** 'plain' wraps and shows every label; 'scroll' is one row with pages; 'hidden' for one curve. */
  mode: 'scroll' | 'plain' | 'hidden'
  rows: number
  gridTop: number
}

/** Top of the plot without a legend (a single curve on screen: the title says what it is). */
export const GRID_TOP_NO_LEGEND = 42

/**
 * On screen: every label while they fit in `maxRows` rows, else one scrolling row; no legend for a
 * single curve (exports always have one).
 */
export function screenLegend(labels: readonly string[], width: number, maxRows = 3): LegendLayout {
  if (labels.length <= 1) return { mode: 'hidden', rows: 0, gridTop: GRID_TOP_NO_LEGEND }
  const rows = Math.max(1, legendRows(labels, width - 24))
  if (rows > maxRows) return { mode: 'scroll', rows: 1, gridTop: GRID_TOP }
  return { mode: 'plain', rows, gridTop: GRID_TOP + (rows - 1) * LEGEND_ROW }
}

export interface FrameInput {
  title: string
  xKind: XAxisKind
  list: readonly PreparedSeries[]
  smoothingOn: boolean
  /** 'scroll' (one row, pages) or 'plain' (wraps, everything visible, as in exports), or 'hidden'. */
  legend: 'scroll' | 'plain' | 'hidden'
  gridTop?: number
  selected?: Record<string, boolean>
  tooltipFormatter?: (params: unknown) => string
  zoom?: boolean
}

/**
 * Series with at most this many points get a marker on every point: a line needs two points, so a
 * one-point series (a first validation) would otherwise draw nothing on empty axes.
 */
export const SHORT_SERIES = 30

export function isShortSeries(s: Pick<PreparedSeries, 'count'>): boolean {
  return s.count <= SHORT_SERIES
}

export function rawId(key: string): string {
  return `${key}\u0000raw`
}
export function smoothId(key: string): string {
  return `${key}\u0000smooth`
}

export function axisLabelFormatter(kind: XAxisKind): (v: number) => string {
  return kind === 'time' ? (v) => formatDuration(v) : (v) => formatNumber(v)
}

/**
 * The x axis' extent: every point of every series, starting at 0 when the data starts near it
 * (steps from 1, epochs from 0.01), as people read training curves. Wall time always starts at 0,
 * each run's own start: a run whose first point came late (data loading, a queue) shows that gap.
 */
export function axisExtent(list: readonly PreparedSeries[], kind?: XAxisKind): [number, number] {
  const [min, max] = fullExtent(list)
  if (kind === 'time' && min >= 0 && max > 0) return [0, max]
  if (min > 0 && max > 0 && min <= 0.15 * max) return [0, max]
  return [min, max]
}

/** Smallest and largest x over every series ([0, 1] when there is no point). */
export function fullExtent(list: readonly PreparedSeries[]): [number, number] {
  let min = Infinity
  let max = -Infinity
  for (const s of list) {
    const n = s.xs.length
    if (n === 0) continue
    if (s.xs[0] < min) min = s.xs[0]
    if (s.xs[n - 1] > max) max = s.xs[n - 1]
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (min === max) return [min - 0.5, max + 0.5]
  return [min, max]
}

/** Rough width of a legend label in px (12 px system font); ECharts lays the real one out. */
export function estimateTextWidth(text: string, fontSize = 12): number {
  let w = 0
  for (const ch of text) w += /[A-Z0-9mwMW@%#]/.test(ch) ? 0.66 : /[ilj.,:;'|!\s]/.test(ch) ? 0.3 : 0.53
  return Math.ceil(w * fontSize)
}

/** Rows a wrapping (plain) legend needs for these labels in `width` px. */
export function legendRows(labels: readonly string[], width: number): number {
  if (labels.length === 0) return 0
  let rows = 1
  let x = 0
  for (const label of labels) {
    const item = LEGEND_ITEM_WIDTH + 5 + estimateTextWidth(label)
    if (x > 0 && x + item > width) {
      rows++
      x = 0
    }
    x += item + LEGEND_ITEM_GAP
  }
  return rows
}

/** Grid top for a plain legend that shows every label. */
export function exportGridTop(labels: readonly string[], width: number): number {
  const rows = Math.max(1, legendRows(labels, width - 24))
  return GRID_TOP + (rows - 1) * LEGEND_ROW
}

/** The frame: everything but the data. */
export function frameOption(input: FrameInput): ChartOption {
  const { list, smoothingOn } = input
  const series: LineSeriesOption[] = []
  // Smoothed lines first (the legend takes its icon from the first series of a name), raw lines
  // drawn beneath them through `z`.
  if (smoothingOn) {
    for (const s of list) {
      series.push({
        id: smoothId(s.key),
        name: s.label,
        type: 'line',
        dimensions: ['x', 'y'],
        data: lineData(EMPTY_DATA),
        symbol: 'none',
        showSymbol: false,
        lineStyle: { color: s.color, width: 1.75 },
        itemStyle: { color: s.color },
        z: 3,
        emphasis: { disabled: true },
        animation: false,
        connectNulls: true,
      })
    }
  }
  for (const s of list) {
    // Markers on the raw values of short series: the points are the data, the line only joins them.
    const markers = isShortSeries(s)
    series.push({
      id: rawId(s.key),
      name: s.label,
      type: 'line',
      dimensions: ['x', 'y'],
      data: lineData(EMPTY_DATA),
      symbol: markers ? 'circle' : 'none',
      symbolSize: 6,
      showSymbol: markers,
      lineStyle: smoothingOn ? { color: withAlpha(s.color, RAW_OPACITY), width: 1 } : { color: s.color, width: 1.5 },
      itemStyle: { color: s.color },
      z: 2,
      emphasis: { disabled: true },
      animation: false,
      connectNulls: true,
    })
  }
  const labels = list.map((s) => s.label)
  const legend: LegendComponentOption = {
    show: input.legend !== 'hidden',
    type: input.legend === 'scroll' ? 'scroll' : 'plain',
    data: labels,
    top: LEGEND_TOP,
    left: 10,
    right: 10,
    icon: 'roundRect',
    itemWidth: LEGEND_ITEM_WIDTH,
    itemHeight: 4,
    itemGap: LEGEND_ITEM_GAP,
    // A line height above the font size: the scrolling legend clips to the items' box, which
    // otherwise cuts off descenders.
    textStyle: { fontSize: 12, lineHeight: LEGEND_LINE_HEIGHT, fontFamily: CHART_FONT },
    pageIconSize: 10,
    pageTextStyle: { fontFamily: CHART_FONT },
    selected: input.selected,
  }
  const option: ChartOption = {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: CHART_FONT },
    title: {
      text: input.title,
      left: 10,
      top: TITLE_TOP,
      textStyle: { fontSize: 14, fontWeight: 600, fontFamily: CHART_FONT },
    },
    legend,
    grid: {
      top: input.gridTop ?? GRID_TOP,
      left: 14,
      right: 22,
      bottom: 10,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    xAxis: {
      type: 'value',
      name: xAxisLabel(input.xKind),
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { fontSize: 11 },
      axisLine: { show: true },
      axisTick: { show: false },
      axisLabel: { fontSize: 11, formatter: axisLabelFormatter(input.xKind), hideOverlap: true },
      splitLine: { show: true },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { fontSize: 11, formatter: (v: number) => formatNumber(v) },
      splitLine: { show: true },
    },
    series,
  }
  if (input.tooltipFormatter) {
    option.tooltip = {
      trigger: 'axis',
      axisPointer: { type: 'line', snap: false, lineStyle: { type: 'dashed' }, animation: false },
      confine: true,
      transitionDuration: 0,
      borderWidth: 1,
      padding: [8, 10],
      textStyle: { fontSize: 12, fontFamily: CHART_FONT },
      extraCssText: 'box-shadow: 0 4px 16px var(--bt-shadow); border-radius: 8px;',
      formatter: input.tooltipFormatter as TooltipComponentOption['formatter'],
    }
  }
  if (input.zoom !== false) {
    option.dataZoom = [{ type: 'inside', xAxisIndex: 0, filterMode: 'none', throttle: 40, zoomOnMouseWheel: true, moveOnMouseMove: true }]
  }
  return option
}

export interface ViewWindow {
  xMin: number
  xMax: number
  /** Plot width in pixels. */
  width: number
}

/**
 * The points of one line drawn for the window, flat: [x0, y0, x1, y1, ...] (ECharts reads a typed
 * array with `dimensions: ['x', 'y']` without parsing an object per point).
 */
export function displayData(xs: ArrayLike<number>, ys: ArrayLike<number>, view: ViewWindow): Float64Array {
  const idx = downsampleMinMax(xs, ys, { xMin: view.xMin, xMax: view.xMax, width: view.width })
  const out = new Float64Array(idx.length * 2)
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]
    out[2 * k] = xs[i]
    out[2 * k + 1] = ys[i]
  }
  return out
}
