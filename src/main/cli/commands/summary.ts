import type { ConfigValue } from '../../../shared/api'
import { findExperiment } from '../../experiments/catalog'
import { parseAssignments, resolveConfig } from '../../experiments/config'
import { buildResNet, describeResNet, type ResNetName } from '../../experiments/resnet/model'
import { flagList, flagString, parseArgs, UsageError } from '../args'
import { printJson, type CliContext } from '../context'

/** Experiments whose model the summary command can describe. */
const SUMMARISABLE = ['resnet']

/**
 * `benchtop summary resnet [--preset NAME] [--set key=value]... [--json]`: the model a run with
 * that configuration would train, built in this process (nothing is trained): parameter counts as
 * Keras's count_params() gives them (BatchNorm moving statistics included; trainableParams
 * without them), the block list with output shapes, and the output shape.
 */
export async function summary(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, { preset: { value: true }, set: { value: true, repeat: true }, json: {} })
  const [experimentId, ...rest] = args.positional
  if (!experimentId) throw new UsageError(`summary needs an experiment: benchtop summary EXPERIMENT; experiments: ${SUMMARISABLE.join(', ')}`)
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`)
  const experiment = findExperiment(experimentId)
  if (!SUMMARISABLE.includes(experiment.id)) throw new UsageError(`summary knows only ${SUMMARISABLE.join(', ')}, not ${experiment.id}`)
  const { preset, config } = resolveConfig(experiment, flagString(args, 'preset'), parseAssignments(flagList(args, 'set')) as Record<string, ConfigValue>)

  // classes=0 means "all of the dataset's classes", unknown without data: describe the 2-class (sigmoid) head then.
  const requested = config.classes as number
  const options = { model: config.model as ResNetName, shortcut: config.shortcut as boolean, size: config.size as number, classes: requested || 2, seed: 0 }
  const description = describeResNet(options)
  // Counts come from the built model itself, so they are TensorFlow.js's, not only our arithmetic.
  const tf = await import('@tensorflow/tfjs-core')
  await import('@tensorflow/tfjs-backend-cpu')
  tf.env().set('PROD', true)
  await tf.setBackend('cpu')
  const model = buildResNet(options)
  const size = (shape: Array<number | null>) => shape.reduce<number>((a, b) => a * (b ?? 1), 1)
  const params = model.countParams()
  const trainableParams = model.trainableWeights.reduce((sum, w) => sum + size(w.shape), 0)
  const outputShape = (model.outputs[0].shape as Array<number | null>).slice(1) as number[]
  model.dispose()
  if (params !== description.params || trainableParams !== description.trainableParams) {
    throw new Error(`internal: built model has ${params}/${trainableParams} parameters, the block list ${description.params}/${description.trainableParams}`)
  }

  const result = {
    experiment: experiment.id,
    preset,
    config,
    model: description.name,
    params,
    trainableParams,
    outputShape,
    layers: description.layers,
  }
  if (args.flags.json) {
    printJson(ctx, result)
    return 0
  }
  const out = (line: string) => ctx.stdout.write(line + '\n')
  out(`${config.model as string} ${config.shortcut ? 'with' : 'without'} shortcuts, ${config.size as number} px input, preset ${preset}`)
  if (!requested) out('(classes=0 takes the dataset\'s classes; shown with the 2-class sigmoid head)')
  out('')
  out(`${'layer'.padEnd(14)}${'output'.padEnd(16)}${'params'.padStart(12)}  shortcut    layout`)
  for (const l of description.layers) {
    const sc = l.kind !== 'block' ? '' : !l.shortcut ? 'none' : l.projection ? 'projection' : 'identity'
    out(`${l.name.padEnd(14)}${l.outputShape.join('x').padEnd(16)}${l.params.toLocaleString('en-US').padStart(12)}  ${sc.padEnd(10)}  ${l.description}`)
  }
  out('')
  out(`parameters: ${params.toLocaleString('en-US')} (trainable ${trainableParams.toLocaleString('en-US')}, BatchNorm moving statistics ${(params - trainableParams).toLocaleString('en-US')})`)
  out(`output: [batch, ${outputShape.join(', ')}]`)
  return 0
}
