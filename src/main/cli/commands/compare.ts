import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RunDetail } from '../../../shared/api'
import { flagString, parseArgs, UsageError } from '../args'
import type { CliContext } from '../context'
import { COMPARE_USAGE } from './compare.usage'
import { formatValue, table } from '../format'

/** Config keys whose values are not the same in every run. */
export function differingConfig(runs: RunDetail[]): string[] {
  const configs = runs.map((r) => ((r.params as { config?: Record<string, unknown> }).config ?? {}) as Record<string, unknown>)
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))]
  const differing = keys.filter((k) => new Set(configs.map((c) => JSON.stringify(c[k]))).size > 1)
  if (new Set(runs.map((r) => r.seed)).size > 1) differing.push('seed')
  return differing
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** `compare RUN RUN... [--metric NAME] [--csv FILE]`: final values side by side, every point as CSV. */
export async function compare(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, COMPARE_USAGE.options)
  if (args.positional.length < 1) throw new UsageError('compare needs runs: benchtop compare RUN RUN... [--metric NAME] [--csv FILE]')
  const runs = await Promise.all(args.positional.map((q) => ctx.core.getRun(q)))
  const only = flagString(args, 'metric')
  const metrics = only ? [only] : [...new Set(runs.flatMap((r) => r.metricNames))].sort()
  if (only && !runs.some((r) => r.metricNames.includes(only))) {
    throw new UsageError(`no run has metric '${only}'; metrics: ${[...new Set(runs.flatMap((r) => r.metricNames))].join(', ')}`)
  }
  const differing = differingConfig(runs)
  const configOf = (r: RunDetail, key: string) =>
    key === 'seed' ? r.seed : ((r.params as { config?: Record<string, unknown> }).config ?? {})[key]

  if (args.flags.json) {
    ctx.stdout.write(
      JSON.stringify(
        runs.map((r) => ({
          runId: r.id,
          name: r.name,
          status: r.status,
          config: Object.fromEntries(differing.map((k) => [k, configOf(r, k)])),
          metrics: Object.fromEntries(metrics.filter((m) => m in r.latest).map((m) => [m, r.latest[m]])),
        })),
        null,
        2,
      ) + '\n',
    )
  } else {
    const header = ['run', 'status', ...differing, ...metrics]
    const rows = runs.map((r) => [
      r.name,
      r.status,
      ...differing.map((k) => formatValue(configOf(r, k))),
      ...metrics.map((m) => formatValue(r.latest[m])),
    ])
    ctx.stdout.write(table(header, rows) + '\n')
  }

  const csv = flagString(args, 'csv')
  if (csv) {
    const lines = ['run,name,metric,step,epoch,time,value']
    for (const r of runs) {
      for (const m of metrics) {
        for (const p of await ctx.core.readMetric(r.id, m)) {
          lines.push([r.id, csvField(r.name), m, p.step, p.epoch, p.time, p.value].join(','))
        }
      }
    }
    writeFileSync(csv, lines.join('\n') + '\n')
    ctx.stderr.write(`Wrote ${lines.length - 1} points to ${path.resolve(csv)}\n`)
  }
  return 0
}
