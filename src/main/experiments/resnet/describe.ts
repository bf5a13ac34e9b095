/**
 * `benchtop summary resnet`: the model a config builds, without training. Parameter counts come
 * from the built model itself (TensorFlow.js's count_params), checked against the block list's
 * own arithmetic.
 */
import type { ConfigDescription } from '../contract'
import type { ResNetConfig } from './fields'
import { buildResNet, describeResNet } from './model'

export async function describeConfig(config: ResNetConfig): Promise<ConfigDescription> {
  // classes=0 means "all of the dataset's classes", unknown without data: describe the 2-class (sigmoid) head then.
  const options = { model: config.model, shortcut: config.shortcut, size: config.size, classes: config.classes || 2, seed: 0 }
  const description = describeResNet(options)
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

  const lines = [`${config.model} ${config.shortcut ? 'with' : 'without'} shortcuts, ${config.size} px input`]
  if (!config.classes) lines.push("(classes=0 takes the dataset's classes; shown with the 2-class sigmoid head)")
  lines.push('', `${'layer'.padEnd(14)}${'output'.padEnd(16)}${'params'.padStart(12)}  shortcut    layout`)
  for (const l of description.layers) {
    const sc = l.kind !== 'block' ? '' : !l.shortcut ? 'none' : l.projection ? 'projection' : 'identity'
    lines.push(`${l.name.padEnd(14)}${l.outputShape.join('x').padEnd(16)}${l.params.toLocaleString('en-US').padStart(12)}  ${sc.padEnd(10)}  ${l.description}`)
  }
  const count = (n: number) => n.toLocaleString('en-US')
  lines.push(
    '',
    `parameters: ${count(params)} (trainable ${count(trainableParams)}, BatchNorm moving statistics ${count(params - trainableParams)})`,
    `output: [batch, ${outputShape.join(', ')}]`,
  )
  return { json: { model: description.name, params, trainableParams, outputShape, layers: description.layers }, lines }
}
