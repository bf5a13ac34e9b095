/**
 * The seed's ResNet-18 and ResNet-50 (Keras layout, NHWC), with and without residual shortcuts:
 * see shared/spec/experiments.md §1. Pure: builds a tfjs-layers model, trains nothing.
 *
 * Layers are named from their place in the block plan (`stem_conv`, `g2b1_conv1`, `g2b1_proj_bn`,
 * `head_dense`, ...) and every kernel initialiser is seeded from (run seed, layer name), so the
 * network with shortcuts and the one without start from the same weights in every layer they share.
 */
import * as tfl from '@tensorflow/tfjs-layers'
import { batchNormalization } from '../../engine/batchNormalization'
import { inputConv2d } from '../../engine/inputConv2d'
import { deriveSeed } from '../../../shared/random'

export type ResNetName = 'ResNet18' | 'ResNet50'
export const RESNET_MODELS: readonly ResNetName[] = ['ResNet18', 'ResNet50']

export interface ResNetOptions {
  model: ResNetName
  /** False removes every addition and projection branch; nothing else changes. */
  shortcut: boolean
  /** Input side in pixels: the input is [size, size, 3] in [0, 1]. */
  size: number
  /** 2 gives Dense(1, sigmoid); more gives Dense(classes, softmax). */
  classes: number
  /** Run seed; each layer's initialiser seed is deriveSeed(seed, layer name). */
  seed: number
  /** BatchNorm's moving-statistics momentum (Keras convention: the share kept per step); 0.99 when absent. */
  bnMomentum?: number
}

/** One residual block of the plan. */
export interface BlockSpec {
  /** `g{group}b{block}`, both from 1. */
  name: string
  kind: 'basic' | 'bottleneck'
  /** Input channels. */
  cin: number
  /** Width of the inner convolutions (basic: equals cout). */
  f1: number
  /** Output channels. */
  cout: number
  /** Stride of the first convolution (and of the projection). */
  stride: number
}

/** The block plan: ResNet-18 is 64, 64, 128/2, 128, 256/2, 256, 512/2, 512 (basic blocks); ResNet-50 four bottleneck groups, each starting with a stride-2 block. */
export function blockPlan(model: ResNetName): BlockSpec[] {
  const blocks: BlockSpec[] = []
  let cin = 64
  if (model === 'ResNet18') {
    const groups: Array<[number, number]> = [[64, 1], [128, 2], [256, 2], [512, 2]]
    groups.forEach(([c, s], g) => {
      for (let b = 0; b < 2; b++) {
        blocks.push({ name: `g${g + 1}b${b + 1}`, kind: 'basic', cin, f1: c, cout: c, stride: b === 0 ? s : 1 })
        cin = c
      }
    })
  } else {
    const groups: Array<[number, number, number]> = [[64, 256, 3], [128, 512, 4], [256, 1024, 6], [512, 2048, 3]]
    groups.forEach(([f1, f2, n], g) => {
      for (let b = 0; b < n; b++) {
        blocks.push({ name: `g${g + 1}b${b + 1}`, kind: 'bottleneck', cin, f1, cout: f2, stride: b === 0 ? 2 : 1 })
        cin = f2
      }
    })
  }
  return blocks
}

/** A block needs a projection (1x1 conv + BN) on its shortcut when its shape changes. */
export function needsProjection(block: BlockSpec): boolean {
  return block.stride !== 1 || block.cin !== block.cout
}

/** Output side of a 'same' convolution (or of a 1x1 'valid' one) with this stride: ceil(n / s). */
const strided = (n: number, stride: number) => Math.ceil(n / stride)
/** Output side of the stem's MaxPool2D(3, stride 2, valid). */
const stemPool = (n: number) => Math.floor((n - 3) / 2) + 1

/** Side of the final feature map (before the 2x2 average pool) for an input of `size` px. */
export function finalFeatureSide(model: ResNetName, size: number): number {
  let side = stemPool(strided(size, 2))
  for (const block of blockPlan(model)) side = strided(side, block.stride)
  return side
}

/**
 * Smallest input whose final feature map is at least 2x2, so the 2x2 average pool has something
 * to pool: 37 px for ResNet-18, 69 px for ResNet-50 (Keras/TF.js padding arithmetic).
 */
export function minimumSize(model: ResNetName): number {
  let size = 1
  while (finalFeatureSide(model, size) < 2) size++
  return size
}

export class ResNetSizeError extends Error {}

function checkOptions(o: ResNetOptions): void {
  if (!RESNET_MODELS.includes(o.model)) throw new Error(`unknown model '${String(o.model)}'; valid models: ${RESNET_MODELS.join(', ')}`)
  const min = minimumSize(o.model)
  if (!Number.isInteger(o.size) || o.size < min) {
    throw new ResNetSizeError(
      `${o.model} needs an input of at least ${min} px (its final feature map must be at least 2x2 before the 2x2 average pool); got size ${o.size}`,
    )
  }
  if (!Number.isInteger(o.classes) || o.classes < 2) throw new Error(`classes must be a whole number of at least 2, got ${o.classes}`)
}

/** One entry of the model view: a stem/pool/head layer or a whole residual block. */
export interface ResNetLayerInfo {
  name: string
  kind: 'stem' | 'pool' | 'block' | 'head'
  /** Human-readable layout, e.g. `conv 3x3/2 128 - BN - ReLU - conv 3x3 128 - BN`. */
  description: string
  /** [height, width, channels] (or [units] after Flatten), without the batch dimension. */
  outputShape: number[]
  /** All weights, BatchNorm moving mean/variance included (Keras count_params()). */
  params: number
  /** Weights the optimiser updates (no BatchNorm moving statistics). */
  trainableParams: number
  /** Whether the block adds its input (or its projection) to its output. */
  shortcut: boolean
  /** Whether that shortcut goes through a 1x1 conv + BN projection. */
  projection: boolean
}

export interface ResNetDescription {
  name: string
  params: number
  trainableParams: number
  /** [classes] or [1] for two classes, without the batch dimension. */
  outputShape: number[]
  layers: ResNetLayerInfo[]
}

const convParams = (k: number, cin: number, cout: number) => k * k * cin * cout + cout
/** [all, trainable] of a BatchNormalization over c channels: gamma, beta + moving mean, variance. */
const bnParams = (c: number): [number, number] => [4 * c, 2 * c]

/** The block list with shapes and parameter counts, computed from the plan without TensorFlow.js. */
export function describeResNet(options: ResNetOptions): ResNetDescription {
  checkOptions(options)
  const { model, shortcut, size, classes } = options
  const layers: ResNetLayerInfo[] = []
  let side = strided(size, 2)
  const stemConv = convParams(7, 3, 64)
  layers.push({ name: 'stem_conv', kind: 'stem', description: 'conv 7x7/2 64 (no BN, no ReLU)', outputShape: [side, side, 64], params: stemConv, trainableParams: stemConv, shortcut: false, projection: false })
  side = stemPool(side)
  layers.push({ name: 'stem_pool', kind: 'pool', description: 'max-pool 3x3/2 valid', outputShape: [side, side, 64], params: 0, trainableParams: 0, shortcut: false, projection: false })
  for (const b of blockPlan(model)) {
    const convs: Array<[number, number, number]> =
      b.kind === 'basic'
        ? [[3, b.cin, b.cout], [3, b.cout, b.cout]]
        : [[1, b.cin, b.f1], [3, b.f1, b.f1], [1, b.f1, b.cout]]
    const projection = shortcut && needsProjection(b)
    if (projection) convs.push([1, b.cin, b.cout])
    let params = 0
    let trainable = 0
    for (const [k, cin, cout] of convs) {
      const [bnAll, bnTrainable] = bnParams(cout)
      params += convParams(k, cin, cout) + bnAll
      trainable += convParams(k, cin, cout) + bnTrainable
    }
    side = strided(side, b.stride)
    const s = b.stride > 1 ? `/${b.stride}` : ''
    const body =
      b.kind === 'basic'
        ? `conv 3x3${s} ${b.cout} - BN - ReLU - conv 3x3 ${b.cout} - BN`
        : `conv 1x1${s} ${b.f1} - BN - conv 3x3 ${b.f1} - BN - ReLU - conv 1x1 ${b.cout} - BN`
    const sc = !shortcut ? '' : projection ? ` + projection (conv 1x1${s} ${b.cout} - BN)` : ' + identity'
    layers.push({ name: b.name, kind: 'block', description: `${body}${sc} - ReLU`, outputShape: [side, side, b.cout], params, trainableParams: trainable, shortcut, projection })
  }
  const channels = blockPlan(model).at(-1)!.cout
  side = Math.floor((side - 2) / 2) + 1
  layers.push({ name: 'head_pool', kind: 'pool', description: 'average-pool 2x2/2', outputShape: [side, side, channels], params: 0, trainableParams: 0, shortcut: false, projection: false })
  const features = side * side * channels
  layers.push({ name: 'head_flatten', kind: 'head', description: 'flatten', outputShape: [features], params: 0, trainableParams: 0, shortcut: false, projection: false })
  const units = classes === 2 ? 1 : classes
  const dense = features * units + units
  layers.push({ name: 'head_dense', kind: 'head', description: classes === 2 ? 'dense 1, sigmoid' : `dense ${units}, softmax`, outputShape: [units], params: dense, trainableParams: dense, shortcut: false, projection: false })
  return {
    name: modelName(options),
    params: layers.reduce((sum, l) => sum + l.params, 0),
    trainableParams: layers.reduce((sum, l) => sum + l.trainableParams, 0),
    outputShape: [units],
    layers,
  }
}

function modelName(o: Pick<ResNetOptions, 'model' | 'shortcut'>): string {
  return `${o.model.toLowerCase()}${o.shortcut ? '' : '_plain'}`
}

/**
 * Input [batch, size, size, 3] in [0, 1] -> stem conv 7x7/2 [b, ceil(size/2), ., 64] -> max-pool
 * 3x3/2 valid -> residual blocks (each stride-2 block halves the side, rounding up) -> average-pool
 * 2x2/2 -> flatten -> dense: output [batch, 1] sigmoid for two classes, else [batch, classes] softmax.
 * With size 224, ResNet-50's sides run 112, 55, 28, 14, 7, 4 (pooled to 2); ResNet-18's 112, 55, 55, 28, 14, 7 (pooled to 3).
 */
export function buildResNet(options: ResNetOptions): tfl.LayersModel {
  checkOptions(options)
  const { model, shortcut, size, classes, seed } = options
  const momentum = options.bnMomentum ?? 0.99
  const kernel = (name: string) => tfl.initializers.glorotUniform({ seed: deriveSeed(seed, 'init', name) })
  const convArgs = (name: string, filters: number, kernelSize: number, strides: number, padding: 'same' | 'valid') =>
    ({ name, filters, kernelSize, strides, padding, useBias: true, kernelInitializer: kernel(name), biasInitializer: 'zeros' }) as const
  const conv = (...a: Parameters<typeof convArgs>) => tfl.layers.conv2d(convArgs(...a))
  const bn = (name: string) => batchNormalization({ name, axis: -1, epsilon: 1e-3, momentum })
  const relu = (name: string) => tfl.layers.activation({ name, activation: 'relu' })
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor

  const input = tfl.input({ shape: [size, size, 3], name: 'input' })
  // [b, ceil(size/2), ceil(size/2), 64]
  // (inputConv2d: the images need no gradient, so training skips the stem's input gradient)
  let x = apply(inputConv2d(convArgs('stem_conv', 64, 7, 2, 'same')), input)
  // [b, floor((side-3)/2)+1, ., 64]
  x = apply(tfl.layers.maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'valid' }), x)

  for (const b of blockPlan(model)) {
    const n = b.name
    const blockInput = x
    let y: tfl.SymbolicTensor
    if (b.kind === 'basic') {
      // conv 3x3/s - BN - ReLU - conv 3x3 - BN: [b, ceil(side/s), ., C]
      y = apply(conv(`${n}_conv1`, b.cout, 3, b.stride, 'same'), blockInput)
      y = apply(bn(`${n}_bn1`), y)
      y = apply(relu(`${n}_relu1`), y)
      y = apply(conv(`${n}_conv2`, b.cout, 3, 1, 'same'), y)
      y = apply(bn(`${n}_bn2`), y)
    } else {
      // conv 1x1/s - BN (no ReLU, as in the seed) - conv 3x3 - BN - ReLU - conv 1x1 - BN: [b, ceil(side/s), ., f2]
      y = apply(conv(`${n}_conv1`, b.f1, 1, b.stride, 'valid'), blockInput)
      y = apply(bn(`${n}_bn1`), y)
      y = apply(conv(`${n}_conv2`, b.f1, 3, 1, 'same'), y)
      y = apply(bn(`${n}_bn2`), y)
      y = apply(relu(`${n}_relu2`), y)
      y = apply(conv(`${n}_conv3`, b.cout, 1, 1, 'valid'), y)
      y = apply(bn(`${n}_bn3`), y)
    }
    if (shortcut) {
      let skip = blockInput
      if (needsProjection(b)) {
        // conv 1x1/s - BN: [b, ceil(side/s), ., cout]
        skip = apply(conv(`${n}_proj_conv`, b.cout, 1, b.stride, 'valid'), skip)
        skip = apply(bn(`${n}_proj_bn`), skip)
      }
      y = tfl.layers.add({ name: `${n}_add` }).apply([y, skip]) as tfl.SymbolicTensor
    }
    x = apply(relu(`${n}_out`), y)
  }

  // [b, floor((side-2)/2)+1, ., channels] -> [b, features]
  x = apply(tfl.layers.averagePooling2d({ name: 'head_pool', poolSize: 2, strides: 2, padding: 'valid' }), x)
  x = apply(tfl.layers.flatten({ name: 'head_flatten' }), x)
  const binary = classes === 2
  // [b, 1] sigmoid or [b, classes] softmax
  const output = apply(
    tfl.layers.dense({
      name: 'head_dense',
      units: binary ? 1 : classes,
      activation: binary ? 'sigmoid' : 'softmax',
      kernelInitializer: kernel('head_dense'),
      biasInitializer: 'zeros',
    }),
    x,
  )
  return tfl.model({ name: modelName(options), inputs: input, outputs: output })
}
