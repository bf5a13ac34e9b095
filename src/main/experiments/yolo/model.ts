/**
 * The YOLO-style detector (spec §3): five conv-BN-LeakyReLU stages of width w, 2w, 4w, 8w, 8w; the
 * first P of them are followed by a 2x2 max pool, P = log2(size / grid) (4: size -> size / 16, or
 * 3: size -> size / 8), then a 1x1 conv to A x (5 + k) values per cell.
 * Pure: builds a tfjs-layers model, trains nothing.
 */
import * as tfl from '@tensorflow/tfjs-layers'
import { batchNormalization } from '../../engine/batchNormalization'
import { deriveSeed } from '../../../shared/random'

export interface YoloModelOptions {
  size: number
  grid: number
  anchors: number
  classes: number
  width: number
  seed: number
}

/** Stride of the backbone: size / grid, 8 or 16 (three or four 2x2 pools). */
export function checkGeometry(o: { size: number; grid: number }): { pools: number } {
  const stride = o.size / o.grid
  if (stride !== 8 && stride !== 16) throw new Error(`the backbone turns a size x size image into a grid of size / 8 or size / 16 cells: size must be 8 x grid or 16 x grid (grid ${o.grid} needs size ${o.grid * 8} or ${o.grid * 16}, not ${o.size})`)
  return { pools: Math.log2(stride) }
}

/** [batch, size, size, 3] in [0, 1] -> [batch, grid, grid, anchors * (5 + classes)] raw outputs. */
export function buildYolo(o: YoloModelOptions): tfl.LayersModel {
  const { pools } = checkGeometry(o)
  const init = (name: string) => tfl.initializers.heNormal({ seed: deriveSeed(o.seed, name) })
  const input = tfl.input({ shape: [o.size, o.size, 3], name: 'image' })
  let x: tfl.SymbolicTensor = input
  const stage = (filters: number, name: string, pool: boolean) => {
    x = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(name), name: `${name}_conv` }).apply(x) as tfl.SymbolicTensor
    // Momentum 0.9, not Keras's 0.99: runs here are a few hundred steps, and moving statistics that
    // still hold their initial values make the inference-mode detector blind.
    x = batchNormalization({ momentum: 0.9, name: `${name}_bn` }).apply(x) as tfl.SymbolicTensor
    x = tfl.layers.leakyReLU({ alpha: 0.1, name: `${name}_act` }).apply(x) as tfl.SymbolicTensor
    if (pool) x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(x) as tfl.SymbolicTensor
  }
  ;[1, 2, 4, 8, 8].forEach((m, i) => stage(o.width * m, `stage${i + 1}`, i < pools))
  const out = tfl.layers
    .conv2d({ filters: o.anchors * (5 + o.classes), kernelSize: 1, kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.01, seed: deriveSeed(o.seed, 'head') }), name: 'head' })
    .apply(x) as tfl.SymbolicTensor
  return tfl.model({ inputs: input, outputs: out, name: 'yolo' })
}
