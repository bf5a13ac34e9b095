/**
 * What the screen needs of an experiment's declared metrics (ExperimentInfo.metrics): whether a
 * series is smoothed (only per-step ones: an epoch curve of 4 points smoothed only lags), which
 * numbers sum a run up (its headline metrics), and how a value is written with its unit.
 */
import type { ExperimentInfo, MetricSpec } from '../../../../shared/api'
import { formatMetric } from '../format'

export function metricSpec(experiment: ExperimentInfo | undefined, name: string): MetricSpec | undefined {
  return experiment?.metrics.find((m) => m.name === name)
}

/**
 * Smoothed only when declared per-step. An undeclared metric (or an unknown experiment) is shown
 * raw: raw values are never wrong, a smoothed line over a few points is.
 */
export function isSmoothed(experiment: ExperimentInfo | undefined, name: string): boolean {
  return metricSpec(experiment, name)?.cadence === 'step'
}

/** On a chart with the curves of several runs: smoothed when per-step in every run's experiment. */
export function isSmoothedForAll(experiments: ReadonlyArray<ExperimentInfo | undefined>, name: string): boolean {
  return experiments.length > 0 && experiments.every((e) => isSmoothed(e, name))
}

export interface HeadlineValue {
  name: string
  label: string
  unit: string
  direction: MetricSpec['direction']
  /** The last raw value written (never a smoothed one); null when none yet. */
  value: number | null
}

/** The run's headline metrics in declared order (validation first), with the latest raw values. */
export function headlineValues(experiment: ExperimentInfo | undefined, latest: Record<string, number>): HeadlineValue[] {
  if (!experiment) return []
  return experiment.headline.map((name) => {
    const spec = metricSpec(experiment, name)
    return {
      name,
      label: spec?.label ?? name,
      unit: spec?.unit ?? '',
      direction: spec?.direction ?? 'lower',
      value: name in latest && Number.isFinite(latest[name]) ? latest[name] : null,
    }
  })
}

/** `0.58`, `3.47 per letter`: the value as the charts write it, then its unit. */
export function formatWithUnit(value: number | null, unit: string): string {
  if (value === null) return '—'
  return unit ? `${formatMetric(value)} ${unit}` : formatMetric(value)
}

export interface MetricColumn {
  name: string
  label: string
  unit: string
}

/** Headline metrics per experiment shown as runs-table columns: each experiment's first two. */
export const HEADLINE_COLUMNS_PER_EXPERIMENT = 2

/**
 * The runs table's metric columns: the headline metrics of the experiments of the listed runs
 * (validation first), each its own column, so one experiment's summed loss never sorts beside
 * another's mean loss.
 */
export function headlineColumns(experiments: ReadonlyArray<ExperimentInfo | undefined>): MetricColumn[] {
  const columns: MetricColumn[] = []
  for (const experiment of experiments) {
    if (!experiment) continue
    for (const name of experiment.headline.slice(0, HEADLINE_COLUMNS_PER_EXPERIMENT)) {
      if (columns.some((c) => c.name === name)) continue
      const spec = metricSpec(experiment, name)
      columns.push({ name, label: spec?.label ?? name, unit: spec?.unit ?? '' })
    }
  }
  return columns
}
