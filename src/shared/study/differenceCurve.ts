import type { ConfigValue, MetricPoint } from '../api'

/**
 * `with - without` of one metric, point by point where both runs have a point at the same step
 * (same seed and config apart from the swept key: the same steps and epochs). Points only one run
 * has (one is still running, or was stopped) are left out. Non-finite values give NaN.
 */
export function differenceCurve(a: readonly MetricPoint[], b: readonly MetricPoint[]): MetricPoint[] {
  const byStep = new Map(b.map((p) => [p.step, p]))
  const out: MetricPoint[] = []
  for (const p of a) {
    const q = byStep.get(p.step)
    if (!q) continue
    out.push({ step: p.step, epoch: p.epoch, time: Math.max(p.time, q.time), value: p.value - q.value })
  }
  return out
}

/** A pair of runs of a study that differ only in one key's two values. */
export interface DifferencePair {
  /** The values the two runs share (e.g. {model: 'ResNet18'}). */
  shared: Record<string, ConfigValue>
  /** Run with the first value of the key (the minuend: `with`). */
  minuend: string
  /** Run with the second value (the subtrahend: `without`). */
  subtrahend: string
}

/**
 * For a key with exactly two values (`shortcut=true,false`), the pairs of runs equal in every other
 * swept value: one difference curve per pair. `runs[i]` has `combinations[i]`.
 */
export function differencePairs(
  key: string,
  runIds: readonly string[],
  combinations: ReadonlyArray<Record<string, ConfigValue>>,
): DifferencePair[] {
  const values = [...new Set(combinations.map((c) => c[key]))]
  if (values.length !== 2) return []
  const [first, second] = values
  const rest = (c: Record<string, ConfigValue>) => JSON.stringify(Object.entries(c).filter(([k]) => k !== key))
  const pairs: DifferencePair[] = []
  combinations.forEach((c, i) => {
    if (c[key] !== first) return
    const j = combinations.findIndex((d) => d[key] === second && rest(d) === rest(c))
    if (j < 0) return
    const shared = Object.fromEntries(Object.entries(c).filter(([k]) => k !== key))
    pairs.push({ shared, minuend: runIds[i], subtrahend: runIds[j] })
  })
  return pairs
}
