import { computed, type ComputedRef, type Ref } from 'vue'
import type { ExperimentInfo, MetricPoint, RunDetail } from '../../../../shared/api'
import type { ChartSeries } from '../../charts/types'
import { isSmoothed } from '../metrics/metricSpecs'
import { runConfig } from './runParams'

/** One chart on the run page: a metric's single series. */
export interface RunChart {
  name: string
  /** Declared per-step by the experiment: only these are smoothed (an epoch curve smoothed only lags). */
  perStep: boolean
  series: ChartSeries[]
}

/**
 * Stable series per metric: a new array only when the set of metrics or the run changes. The
 * x-axis inputs are separate computeds of plain numbers so that re-reading the run (a new object
 * with the same numbers) does not hand every chart a new series.
 */
export function useRunCharts(
  runId: Ref<string>,
  run: Ref<RunDetail | null>,
  metricNames: Ref<string[]>,
  pointsOf: (name: string) => MetricPoint[] | undefined,
  experiment: () => ExperimentInfo | undefined = () => undefined,
): ComputedRef<RunChart[]> {
  const samplesPerStep = computed(() => {
    const batch = runConfig(run.value).batch
    return typeof batch === 'number' ? batch : undefined
  })
  const startTime = computed(() => (run.value?.startedAt ? Date.parse(run.value.startedAt) : undefined))
  const stepsPerEpoch = computed(() => {
    const r = run.value
    return r && r.totalSteps && r.totalEpochs ? r.totalSteps / r.totalEpochs : undefined
  })
  return computed(() =>
    metricNames.value.map((name) => ({
      name,
      perStep: isSmoothed(experiment(), name),
      series: [
        {
          key: `${runId.value}:${name}`,
          label: name,
          points: pointsOf(name),
          samplesPerStep: samplesPerStep.value,
          startTime: startTime.value,
          stepsPerEpoch: stepsPerEpoch.value,
        },
      ] as ChartSeries[],
    })),
  )
}
