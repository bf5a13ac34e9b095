import type { BackendName } from '../../../shared/api'
import { parseArgs, UsageError } from '../args'
import type { CliContext } from '../context'
import { RESUME_USAGE } from './lifecycle.usage'
import { followRun } from './follow'

function runArg(argv: string[], command: string, extra: Record<string, { value?: boolean }> = {}) {
  const args = parseArgs(argv, extra)
  const [query] = args.positional
  if (!query) throw new UsageError(`${command} needs a run id: benchtop ${command} RUN`)
  return { query, args }
}

export async function resume(ctx: CliContext, argv: string[]): Promise<number> {
  const { query, args } = runArg(argv, 'resume', RESUME_USAGE.options)
  const backend = typeof args.flags.backend === 'string' ? (args.flags.backend as BackendName) : undefined
  const run = await ctx.core.resumeRun(query, backend)
  if (!args.flags.json) ctx.stderr.write(run.lastCheckpoint ? `Resuming ${run.id} from ${run.lastCheckpoint}\n` : `Starting ${run.id}, which never started, from the beginning\n`)
  return followRun(ctx, run.id, Boolean(args.flags.json))
}

export async function cancel(ctx: CliContext, argv: string[]): Promise<number> {
  const { query } = runArg(argv, 'cancel')
  await ctx.core.cancelRun(query)
  ctx.stdout.write(`Asked run ${query} to stop.\n`)
  return 0
}

export async function remove(ctx: CliContext, argv: string[]): Promise<number> {
  const { query } = runArg(argv, 'delete')
  const id = ctx.core.store.resolveRunId(query)
  await ctx.core.deleteRun(id)
  ctx.stdout.write(`Moved run ${id} to the trash (benchtop restore ${id} brings it back).\n`)
  return 0
}

export async function restore(ctx: CliContext, argv: string[]): Promise<number> {
  const { query } = runArg(argv, 'restore')
  await ctx.core.restoreRun(query)
  ctx.stdout.write(`Restored run ${query}.\n`)
  return 0
}
