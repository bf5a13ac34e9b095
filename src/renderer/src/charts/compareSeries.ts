import type { MetricPoint, RunDetail } from '../../../shared/api'
import { orderMetrics, runLabel, samplesPerStepOf, startTimeOf, stepsPerEpochOf } from './compare'
import type { ChartSeries } from './types'

/**
 * What the Compare page draws, as a pure function of the loaded runs: one chart per metric any run
 * recorded, each with one series per run that is not hidden in the shared legend. Kept apart from
 * loading and live events (../components/chart/useCompareRuns.ts) so that other kinds of series
 * (a forked run continuing its parent's curve) are added here, and tested here.
 */

/** One loaded run of the comparison and its curves by metric. */
export interface CompareRunCurves {
  id: string
  run: RunDetail
  color: string
  /** metric -> every point, in step order (the arrays are passed through, never copied). */
  curves: ReadonlyMap<string, MetricPoint[]> | undefined
}

export interface CompareChart {
  metric: string
  series: ChartSeries[]
}

/** One entry of the shared legend. */
export interface CompareLegendItem {
  id: string
  label: string
  color: string
  hidden: boolean
}

export function legendItems(runs: readonly CompareRunCurves[], differing: readonly string[], hidden: ReadonlySet<string>): CompareLegendItem[] {
  return runs.map((r) => ({ id: r.id, label: runLabel(r.run, differing), color: r.color, hidden: hidden.has(r.id) }))
}

/**
 * Charts in reading order (loss, accuracy, val_*, the rest). A metric keeps its chart while every
 * run that has it is hidden (the chart is then empty), so hiding a run never reflows the page.
 */
export function compareCharts(runs: readonly CompareRunCurves[], differing: readonly string[], hidden: ReadonlySet<string>): CompareChart[] {
  const names = new Set<string>()
  for (const r of runs) for (const m of r.curves?.keys() ?? []) names.add(m)
  return orderMetrics(names).map((metric) => {
    const series: ChartSeries[] = []
    for (const r of runs) {
      const points = r.curves?.get(metric)
      if (!points || hidden.has(r.id)) continue
      series.push({
        key: `${r.id}:${metric}`,
        label: runLabel(r.run, differing),
        color: r.color,
        points,
        samplesPerStep: samplesPerStepOf(r.run),
        startTime: startTimeOf(r.run, points[0]?.time),
        stepsPerEpoch: stepsPerEpochOf(r.run),
      })
    }
    return { metric, series }
  })
}
