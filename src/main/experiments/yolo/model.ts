/**
 * The YOLO-style detector (spec §3): four conv-BN-LeakyReLU stages, each followed by a 2x2 max
 * pool (size -> size / 16), one more conv stage, and a 1x1 conv to A x (5 + k) values per cell.
 * Pure: builds a tfjs-layers model, trains nothing.
 */
import * as tfl from '@tensorflow/tfjs-layers'
import { deriveSeed } from '../../../shared/random'

export interface YoloModelOptions {
  size: number
  grid: number
  anchors: number
  classes: number
  width: number
  seed: number
}

export function checkGeometry(o: { size: number; grid: number }): void {
  if (o.size % 16 !== 0 || o.size / 16 !== o.grid) throw new Error(`the backbone turns ${o.size} px into a ${o.size / 16}-cell grid: size must be 16 x grid (grid ${o.grid} needs size ${o.grid * 16})`)
}

/** [batch, size, size, 3] in [0, 1] -> [batch, grid, grid, anchors * (5 + classes)] raw outputs. */
export function buildYolo(o: YoloModelOptions): tfl.LayersModel {
  checkGeometry(o)
  const init = (name: string) => tfl.initializers.heNormal({ seed: deriveSeed(o.seed, name) })
  const input = tfl.input({ shape: [o.size, o.size, 3], name: 'image' })
  let x: tfl.SymbolicTensor = input
  const stage = (filters: number, name: string, pool: boolean) => {
    x = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(name), name: `${name}_conv` }).apply(x) as tfl.SymbolicTensor
    // Momentum 0.9, not Keras's 0.99: runs here are a few hundred steps, and moving statistics that
    // still hold their initial values make the inference-mode detector blind.
    x = tfl.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn` }).apply(x) as tfl.SymbolicTensor
    x = tfl.layers.leakyReLU({ alpha: 0.1, name: `${name}_act` }).apply(x) as tfl.SymbolicTensor
    if (pool) x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(x) as tfl.SymbolicTensor
  }
  ;[1, 2, 4, 8].forEach((m, i) => stage(o.width * m, `stage${i + 1}`, true))
  stage(o.width * 8, 'stage5', false)
  const out = tfl.layers
    .conv2d({ filters: o.anchors * (5 + o.classes), kernelSize: 1, kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.01, seed: deriveSeed(o.seed, 'head') }), name: 'head' })
    .apply(x) as tfl.SymbolicTensor
  return tfl.model({ inputs: input, outputs: out, name: 'yolo' })
}
