import type { ConfigValue, StudyAxis, StudyDetail } from '../../../../shared/api'
import { combinationLabel } from '../../../../shared/study/crossProduct'
import { differenceCurve, differencePairs } from '../../../../shared/study/differenceCurve'
import { seriesColor } from '../../charts/colors'
import type { ChartSeries } from '../../charts/types'

/** The curves a study shows, in this order: train loss, train accuracy, validation accuracy. */
export const STUDY_METRICS: ReadonlyArray<{ metric: string; title: string }> = [
  { metric: 'loss', title: 'train loss' },
  { metric: 'accuracy', title: 'train accuracy' },
  { metric: 'val_accuracy', title: 'validation accuracy' },
]

/**
 * The key the difference curves are taken over: `shortcut` when it is swept with two values, else
 * the first swept key with exactly two values; null when no key has two values.
 */
export function differenceKey(sweep: readonly StudyAxis[]): string | null {
  const two = sweep.filter((a) => a.values.length === 2)
  return (two.find((a) => a.key === 'shortcut') ?? two[0])?.key ?? null
}

/** `with − without` for the shortcut key; `a − b` (its two values) for any other. */
export function differenceTitle(key: string, values: readonly ConfigValue[]): string {
  if (key === 'shortcut' && values[0] === true && values[1] === false) return 'with − without'
  return `${key}=${String(values[0])} − ${key}=${String(values[1])}`
}

/** The overlay of one metric: each run's curve (from `pointsOf`), labelled by its swept values. */
export function overlaySeries(study: StudyDetail, metric: string, base: (runId: string) => ChartSeries | undefined): ChartSeries[] {
  const out: ChartSeries[] = []
  study.runIds.forEach((runId, i) => {
    const s = base(runId)
    if (s) out.push({ ...s, key: `${runId}:${metric}`, label: combinationLabel(study.combinations[i]), color: seriesColor(i) })
  })
  return out
}

/** The difference curves of one metric: one series per pair (per model, for the shortcut study). */
export function differenceSeries(study: StudyDetail, key: string, metric: string, base: (runId: string) => ChartSeries | undefined): ChartSeries[] {
  return differencePairs(key, study.runIds, study.combinations).flatMap((pair, i) => {
    const a = base(pair.minuend)
    const b = base(pair.subtrahend)
    if (!a || !b) return []
    const label = combinationLabel(pair.shared) || metric
    return [{ ...a, key: `diff:${pair.minuend}:${pair.subtrahend}:${metric}`, label, color: seriesColor(i), points: differenceCurve(a.points, b.points) }]
  })
}
