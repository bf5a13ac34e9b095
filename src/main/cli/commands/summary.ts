import type { ConfigValue } from '../../../shared/api'
import { parseAssignments, resolveConfig } from '../../experiments/config'
import { EXPERIMENTS, experimentInfo, findExperiment } from '../../experiments/registry'
import { flagList, flagString, parseArgs, UsageError } from '../args'
import { SUMMARY_USAGE } from './summary.usage'
import { printJson, type CliContext } from '../context'

/**
 * `benchtop summary EXPERIMENT [--preset NAME] [--set key=value]... [--json]`: the model a run with
 * that configuration would train, built in this process (nothing is trained), for experiments that
 * can describe a config (capability `describe-config`; for ResNet: Keras-equal parameter counts,
 * the block list with output shapes, and the output shape).
 */
export async function summary(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, SUMMARY_USAGE.options)
  const describable = EXPERIMENTS.filter((e) => e.capabilities.describe).map((e) => e.id)
  const [experimentId, ...rest] = args.positional
  if (!experimentId) throw new UsageError(`summary needs an experiment: benchtop summary EXPERIMENT; experiments: ${describable.join(', ')}`)
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`)
  const experiment = findExperiment(experimentId)
  if (!experiment.capabilities.describe) throw new UsageError(`summary knows only ${describable.join(', ')}, not ${experiment.id}`)
  const { preset, config } = resolveConfig(experimentInfo(experiment), flagString(args, 'preset'), parseAssignments(flagList(args, 'set')) as Record<string, ConfigValue>)
  const describe = await experiment.capabilities.describe()
  const description = await describe(config)
  if (args.flags.json) {
    printJson(ctx, { experiment: experiment.id, preset, config, ...description.json })
    return 0
  }
  ctx.stdout.write(description.lines.map((line, i) => (i === 0 ? `${line}, preset ${preset}` : line)).join('\n') + '\n')
  return 0
}
