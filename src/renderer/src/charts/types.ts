import type { MetricPoint } from '../../../shared/api'

/** What a chart's x position means. */
export type XAxisKind = 'step' | 'epoch' | 'samples' | 'time'

/** One curve: one metric of one run. */
export interface ChartSeries {
  /** Stable key (e.g. `${runId}:${metric}`), so a growing curve is updated, not redrawn from scratch. */
  key: string
  /** Legend text: the run name, plus config values that differ between the runs shown. */
  label: string
  color?: string
  /** Every point, in step order; never capped. Pass a markRaw'd array (no deep reactivity on 100k points). */
  points: MetricPoint[]
  /** Images per step (the run's batch size), for the "samples seen" axis. */
  samplesPerStep?: number
  /** Run start (ms since the Unix epoch), for the "wall time" axis. */
  startTime?: number
  /**
   * Optimiser steps per epoch (the run's totalSteps / totalEpochs), for the "epoch" axis: places
   * the points of an epoch still running. Optional: without it the previous epoch's length is used.
   */
  stepsPerEpoch?: number
}

/** Props of `components/MetricChart.vue` (and, with an export file name, of `components/chart/ChartCard.vue`). */
export interface MetricChartProps {
  title: string
  series: ChartSeries[]
  xAxis: XAxisKind
  /** 0 = raw, < 1. */
  smoothing: number
  /** Bump when points were appended in place. */
  revision?: number
  /** Chart height in pixels. */
  height?: number
  /** The chart's own legend (default true); false where the page shows one for every chart. */
  legend?: boolean
}
