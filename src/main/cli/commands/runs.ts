import { formatBytes } from '../../../shared/formatBytes'
import { parseArgs, UsageError } from '../args'
import { printJson, type CliContext } from '../context'
import { formatDuration, formatValue, runDuration, table } from '../format'

/**
 * `benchtop runs --empty-trash`: says what deleting the trash for good would free, and does it only
 * with `--yes` (there is no undo).
 */
async function emptyTrash(ctx: CliContext, yes: boolean, json: boolean): Promise<number> {
  const usage = await ctx.core.trashUsage()
  if (usage.runs.length === 0) {
    if (json) printJson(ctx, { removed: [], bytes: 0 })
    else ctx.stdout.write('The trash is empty.\n')
    return 0
  }
  const what = `${usage.runs.length} run${usage.runs.length === 1 ? '' : 's'}, ${formatBytes(usage.bytes)}`
  if (!yes) {
    ctx.stderr.write(`benchtop runs --empty-trash: this deletes ${what} for good (no undo); add --yes to do it\n`)
    return 1
  }
  const emptied = await ctx.core.emptyTrash()
  if (json) printJson(ctx, emptied)
  else ctx.stdout.write(`Emptied the trash: deleted ${emptied.removed.length} run${emptied.removed.length === 1 ? '' : 's'} for good, freed ${formatBytes(emptied.bytes)}.\n`)
  return 0
}

export async function runs(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: {}, trash: {}, 'empty-trash': {}, yes: {} })
  if (args.flags.yes && !args.flags['empty-trash']) throw new UsageError('--yes only confirms --empty-trash')
  if (args.flags['empty-trash']) return emptyTrash(ctx, Boolean(args.flags.yes), Boolean(args.flags.json))
  const list = args.flags.trash ? ctx.core.store.listTrash() : await ctx.core.listRuns()
  if (args.flags.json) {
    printJson(ctx, list)
    return 0
  }
  if (list.length === 0) {
    ctx.stdout.write(args.flags.trash ? 'The trash is empty.\n' : 'No runs yet. Start one with: benchtop run shapes-cnn --preset quick\n')
    return 0
  }
  if (args.flags.trash) {
    const usage = await ctx.core.trashUsage()
    const size = new Map(usage.runs.map((r) => [r.id, formatBytes(r.bytes)]))
    const rows = list.map((r) => [r.id, r.name, r.experiment, r.status, size.get(r.id) ?? '-'])
    ctx.stdout.write(table(['id', 'name', 'experiment', 'status', 'size'], rows) + '\n')
    ctx.stdout.write(`\n${formatBytes(usage.bytes)} in the trash; benchtop runs --empty-trash --yes deletes it for good.\n`)
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
