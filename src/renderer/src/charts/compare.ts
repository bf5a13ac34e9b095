import type { MetricPoint, RunDetail } from '../../../shared/api'

/**
 * The Compare page's pure parts: which runs the query names, which config values differ, the order
 * of the metrics, legend labels, and how live points join a curve.
 */

/** Run ids of `?runs=a,b,c` (also `?runs=a&runs=b`), trimmed, without repeats, in order. */
export function parseRunIds(query: unknown): string[] {
  const parts = (Array.isArray(query) ? query : [query])
    .filter((q): q is string => typeof q === 'string')
    .flatMap((q) => q.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  return [...new Set(parts)]
}

export function runConfig(run: RunDetail): Record<string, unknown> {
  const config = (run.params as { config?: unknown } | null | undefined)?.config
  return config && typeof config === 'object' ? (config as Record<string, unknown>) : {}
}

/** The value of a config key (or `seed`) for a run. */
export function configValue(run: RunDetail, key: string): unknown {
  return key === 'seed' ? run.seed : runConfig(run)[key]
}

/** A random seed: the run's `seed`, or a config key naming one (`dataSeed`, `split_seed`). */
export function isSeedKey(key: string): boolean {
  return /seed/i.test(key)
}

/**
 * Config keys whose values are not the same in every run (a key missing from some runs counts as
 * differing), then `seed` when the seeds differ. Seeds are left out unless `includeSeeds`: runs
 * repeated with other seeds differ only by chance, and naming the seed in every label hides what
 * was really changed. Nothing differs between fewer than two runs.
 */
export function differingConfig(runs: readonly RunDetail[], options: { includeSeeds?: boolean } = {}): string[] {
  if (runs.length < 2) return []
  const configs = runs.map(runConfig)
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))]
  const differing = keys.filter((k) => new Set(configs.map((c) => JSON.stringify(c[k] ?? null))).size > 1)
  if (new Set(runs.map((r) => r.seed)).size > 1) differing.push('seed')
  return options.includeSeeds ? differing : differing.filter((k) => !isSeedKey(k))
}

/** Whether seeds differ between the runs (so offering to show them makes sense). */
export function seedsDiffer(runs: readonly RunDetail[]): boolean {
  return differingConfig(runs, { includeSeeds: true }).some(isSeedKey)
}

/** The experiments of the runs, in order of first appearance. */
export function experimentsOf(runs: readonly RunDetail[]): string[] {
  return [...new Set(runs.map((r) => r.experiment))]
}

export function formatConfigValue(value: unknown): string {
  if (value === undefined || value === null) return '—'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6))
  if (typeof value === 'string' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Legend text: the run name, plus up to `max` of the differing config values (`name · lr=0.01, seed=2`). */
export function runLabel(run: RunDetail, differing: readonly string[], max = 3): string {
  const parts = differing.slice(0, max).map((k) => `${k}=${formatConfigValue(configValue(run, k))}`)
  if (differing.length > max) parts.push('…')
  return parts.length ? `${run.name} · ${parts.join(', ')}` : run.name
}

const FIRST = ['loss', 'accuracy']

/** loss, accuracy, then val_* (val_loss, val_accuracy, then the others by name), then the rest by name. */
export function orderMetrics(names: Iterable<string>): string[] {
  const rank = (n: string): [number, number, string] => {
    const first = FIRST.indexOf(n)
    if (first >= 0) return [0, first, n]
    if (n.startsWith('val_')) {
      const sub = FIRST.indexOf(n.slice(4))
      return [1, sub >= 0 ? sub : FIRST.length, n]
    }
    return [2, 0, n]
  }
  return [...new Set(names)].sort((a, b) => {
    const ra = rank(a)
    const rb = rank(b)
    return ra[0] - rb[0] || ra[1] - rb[1] || (ra[2] < rb[2] ? -1 : ra[2] > rb[2] ? 1 : 0)
  })
}

/**
 * Adds points that arrived live to a curve, in place. Points at or before the last step mean the
 * run was resumed and redoes steps after its checkpoint: the later points replace the earlier ones
 * from that step on (as the store does when it reads the file). Returns 'appended' when the
 * existing points were kept as they were.
 */
export function addPoints(target: MetricPoint[], incoming: readonly MetricPoint[]): 'appended' | 'replaced' | 'unchanged' {
  if (incoming.length === 0) return 'unchanged'
  let result: 'appended' | 'replaced' = 'appended'
  for (const p of incoming) {
    const last = target[target.length - 1]
    if (last && p.step <= last.step) {
      // Drop every point at or after p.step (binary search: the array is in step order).
      let lo = 0
      let hi = target.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (target[mid].step < p.step) lo = mid + 1
        else hi = mid
      }
      target.length = lo
      result = 'replaced'
    }
    target.push(p)
  }
  return result
}

/** Images per step (config `batch`), for the "samples seen" axis. */
export function samplesPerStepOf(run: RunDetail): number | undefined {
  const batch = runConfig(run).batch
  return typeof batch === 'number' && batch > 0 ? batch : undefined
}

export function stepsPerEpochOf(run: RunDetail): number | undefined {
  return run.totalSteps && run.totalEpochs ? run.totalSteps / run.totalEpochs : undefined
}

/** Start of the run for the wall-time axis (ms); never after its first point. */
export function startTimeOf(run: RunDetail, firstPointTime?: number): number | undefined {
  const started = run.startedAt ? Date.parse(run.startedAt) : NaN
  const created = Date.parse(run.createdAt)
  const t = Number.isFinite(started) ? started : Number.isFinite(created) ? created : undefined
  if (t === undefined) return firstPointTime
  return firstPointTime !== undefined && firstPointTime < t ? firstPointTime : t
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
