import { formatBytes } from '../../../shared/formatBytes'
import { parseArgs, UsageError } from '../args'
import { printJson, type CliContext } from '../context'
import { formatDuration, formatValue, runDuration } from '../format'

export async function show(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: {} })
  const [query] = args.positional
  if (!query) throw new UsageError('show needs a run id: benchtop show RUN [--json]')
  const run = await ctx.core.getRun(query)
  if (args.flags.json) {
    printJson(ctx, run)
    return 0
  }
  const w = (label: string, value: unknown) => ctx.stdout.write(`${label.padEnd(12)}${value}\n`)
  w('run', `${run.id} (${run.name})`)
  w('experiment', `${run.experiment}, preset ${run.preset}`)
  w('status', run.status + (run.error ? `: ${run.error}` : ''))
  w('progress', `step ${run.step}${run.totalSteps ? `/${run.totalSteps}` : ''}, epoch ${run.epoch}${run.totalEpochs ? `/${run.totalEpochs}` : ''}`)
  w('started', `${run.startedAt ?? '-'}  (duration ${formatDuration(runDuration(run))})`)
  w('backend', run.backend ?? '-')
  w('seed', run.seed)
  w('dataset', run.dataset ? `${run.dataset.id} ${run.dataset.fingerprint.slice(0, 12)} (${run.dataset.source})` : '-')
  w('versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', '))
  w('host', run.host ? `${run.host.hostname}: ${run.host.cpu}, ${run.host.cores} cores, GPU ${run.host.gpu ?? 'none'}` : '-')
  if (run.remote) w('worker', `${run.remote.worker ?? '(not taken yet)'} on ${run.remote.queue}, ${run.remote.attempts} attempt${run.remote.attempts === 1 ? '' : 's'}`)
  w('config', JSON.stringify((run.params as { config?: unknown }).config ?? run.params))
  w('metrics', run.metricNames.map((m) => `${m} ${formatValue(run.latest[m])}`).join(', ') || '-')
  w('checkpoints', run.checkpoints.map((c) => c.name).join(', ') || '-')
  const usage = await ctx.core.runDiskUsage(run.id)
  w('folder', `${run.dir}  (${formatBytes(usage.bytes)} in ${usage.files} file${usage.files === 1 ? '' : 's'})`)
  return 0
}
