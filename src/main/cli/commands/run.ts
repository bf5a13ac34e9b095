import type { BackendName, ConfigValue } from '../../../shared/api'
import { parseAssignments } from '../../experiments/config'
import { flagInt, flagList, flagString, parseArgs, UsageError } from '../args'
import type { CliContext } from '../context'
import { queueFromFlags } from '../queueFlags'
import { RUN_USAGE } from './run.usage'
import { followRun } from './follow'
import { runStudy } from './study'
import { resolveDataArg } from '../dataArg'

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, RUN_USAGE.options)
  const [experiment, ...rest] = args.positional
  if (!experiment) {
    const list = (await ctx.core.listExperiments()).map((e) => e.id).join(', ')
    throw new UsageError(`run needs an experiment: benchtop run EXPERIMENT [--preset NAME]; experiments: ${list}`)
  }
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`)
  const queue = queueFromFlags(args)
  if (flagList(args, 'sweep').length) {
    if (queue) ctx.core.useQueue(queue)
    return runStudy(ctx, experiment, args)
  }
  if (queue) throw new UsageError('--queue needs --sweep: a study\'s runs go to the queue\'s workers (a single run trains here)')
  if (args.flags.parallel !== undefined) throw new UsageError('--parallel needs --sweep: it is how many runs of a study train at once')
  const started = await ctx.core.startRun({
    experiment,
    preset: flagString(args, 'preset'),
    set: parseAssignments(flagList(args, 'set')) as Record<string, ConfigValue>,
    data: await resolveDataArg(ctx.core, flagString(args, 'data')),
    seed: flagInt(args, 'seed'),
    backend: flagString(args, 'backend') as BackendName | undefined,
    name: flagString(args, 'name'),
  })
  const json = Boolean(args.flags.json)
  if (!json) ctx.stderr.write(`Run ${started.id} (${started.experiment}, preset ${started.preset}, seed ${started.seed})\n`)
  return followRun(ctx, started.id, json)
}
