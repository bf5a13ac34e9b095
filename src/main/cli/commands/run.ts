import type { BackendName, ConfigValue } from '../../../shared/api'
import { parseAssignments } from '../../experiments/config'
import { flagInt, flagList, flagString, parseArgs, UsageError } from '../args'
import type { CliContext } from '../context'
import { queueFromFlags } from '../queueFlags'
import { RUN_USAGE } from './run.usage'
import { followRun } from './follow'
import { runStudy } from './study'
import { resolveDataArg } from '../dataArg'

/** `--from RUN[:CHECKPOINT]`: a run (id, start of one, or name) and optionally a checkpoint name or epoch. */
export function parseFrom(value: string | undefined): { runId: string; checkpoint?: string } | undefined {
  if (value === undefined) return undefined
  const colon = value.lastIndexOf(':')
  const runId = colon >= 0 ? value.slice(0, colon) : value
  const checkpoint = colon >= 0 ? value.slice(colon + 1) : undefined
  if (!runId || checkpoint === '') throw new UsageError(`--from needs RUN or RUN:CHECKPOINT (a checkpoint name such as epoch-0002, or an epoch number), got '${value}'`)
  return checkpoint === undefined ? { runId } : { runId, checkpoint }
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, RUN_USAGE.options)
  const [experiment, ...rest] = args.positional
  const from = parseFrom(flagString(args, 'from'))
  if (!experiment && !from) {
    const list = (await ctx.core.listExperiments()).map((e) => e.id).join(', ')
    throw new UsageError(`run needs an experiment: benchtop run EXPERIMENT [--preset NAME]; experiments: ${list}`)
  }
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`)
  const queue = queueFromFlags(args)
  if (from && flagList(args, 'sweep').length) throw new UsageError('--from starts one run from a checkpoint; it cannot be combined with --sweep')
  if (flagList(args, 'sweep').length) {
    if (queue) ctx.core.useQueue(queue)
    return runStudy(ctx, experiment, args)
  }
  if (queue) throw new UsageError('--queue needs --sweep: a study\'s runs go to the queue\'s workers (a single run trains here)')
  if (args.flags.parallel !== undefined) throw new UsageError('--parallel needs --sweep: it is how many runs of a study train at once')
  const started = await ctx.core.startRun({
    experiment: experiment ?? '',
    preset: flagString(args, 'preset'),
    set: parseAssignments(flagList(args, 'set')) as Record<string, ConfigValue>,
    data: await resolveDataArg(ctx.core, flagString(args, 'data')),
    seed: flagInt(args, 'seed'),
    backend: flagString(args, 'backend') as BackendName | undefined,
    name: flagString(args, 'name'),
    ...(from ? { from } : {}),
  })
  const json = Boolean(args.flags.json)
  const forked = started.parent ? `, forked from ${started.parent.runId} at ${started.parent.checkpoint} (step ${started.parent.step})` : ''
  if (!json) ctx.stderr.write(`Run ${started.id} (${started.experiment}, preset ${started.preset}, seed ${started.seed}${forked})\n`)
  return followRun(ctx, started.id, json)
}
