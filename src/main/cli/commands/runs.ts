import { parseArgs } from '../args'
import { RUNS_USAGE } from './runs.usage'
import { printJson, type CliContext } from '../context'
import { formatDuration, formatValue, runDuration, table } from '../format'

export async function runs(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, RUNS_USAGE.options)
  const list = args.flags.trash ? ctx.core.store.listTrash() : await ctx.core.listRuns()
  if (args.flags.json) {
    printJson(ctx, list)
    return 0
  }
  if (list.length === 0) {
    ctx.stdout.write(args.flags.trash ? 'The trash is empty.\n' : 'No runs yet. Start one with: benchtop run shapes-cnn --preset quick\n')
    return 0
  }
  const rows = list.map((r) => [
    r.id,
    r.name,
    r.experiment,
    r.status,
    r.totalSteps ? `${r.step}/${r.totalSteps}` : String(r.step),
    formatValue(r.latest.loss),
    formatValue(r.latest.val_accuracy ?? r.latest.accuracy),
    r.backend ?? '-',
    r.startedAt ? r.startedAt.replace('T', ' ').slice(0, 19) : '-',
    formatDuration(runDuration(r)),
  ])
  ctx.stdout.write(table(['id', 'name', 'experiment', 'status', 'step', 'loss', 'accuracy', 'backend', 'started', 'duration'], rows) + '\n')
  // Folders that cannot be read are listed above as "unreadable"; here is why, one line each.
  const unreadable = list.filter((r) => r.status === 'unreadable')
  if (unreadable.length > 0) {
    ctx.stdout.write(`\n${unreadable.length} run folder${unreadable.length === 1 ? '' : 's'} cannot be read:\n`)
    for (const r of unreadable) ctx.stdout.write(`  ${r.id}: ${r.problem ?? r.error}\n`)
  }
  return 0
}
