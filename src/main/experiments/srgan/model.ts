/**
 * The SRGAN pair (Ledig et al. 2017; spec §4), NHWC, as tfjs-layers models. Pure: builds models,
 * trains nothing. `/work/shared/peers/srgan_torch.py` is the same pair in PyTorch (same parameter
 * counts, checked by the tests).
 *
 * Generator (SRResNet): 9x9 conv + PReLU, B residual blocks (conv-BN-PReLU-conv-BN + skip), conv-BN
 * with a long skip from the head, two upsamplers (conv to 4C channels, PixelShuffle x2, PReLU),
 * 9x9 conv to RGB. Discriminator: 3x3 conv + LeakyReLU(0.2), then seven conv-BN-LeakyReLU with
 * strides 2,1,2,1,2,1,2 and 64..512 channels, dense 1024 + LeakyReLU, dense 1 (a logit).
 */
import * as tfl from '@tensorflow/tfjs-layers'
import { batchNormalization } from '../../engine/batchNormalization'
import { deriveSeed } from '../../../shared/random'
import { BicubicUpsample } from './bicubicLayer'
import { PixelShuffle } from './pixelShuffle'

export interface GeneratorOptions {
  /** Residual blocks B (paper: 16). */
  blocks: number
  /** Feature channels C (paper: 64). */
  channels: number
  /** Seed of every initialiser: each layer's is deriveSeed(seed, layer name). */
  seed: number
  /**
   * Adds bicubic(LR) to the output, so the network learns only the detail bicubic misses (as VDSR
   * and ESPCN-style models do), and starts the tail at zero, so an untrained generator is bicubic.
   * Not in the paper (false): it makes a CPU-sized run beat bicubic in minutes. No weights, so the
   * parameter count is the paper's either way.
   */
  bicubicSkip?: boolean
}

export interface DiscriminatorOptions {
  /** Side of the (square) high-resolution input; a multiple of 16 (four stride-2 convolutions). */
  hr: number
  seed: number
}

/** The upscaling factor: two PixelShuffle x2 stages. */
export const SCALE = 4

const init = (seed: number, name: string) => tfl.initializers.heNormal({ seed: deriveSeed(seed, name) })

function conv(x: tfl.SymbolicTensor, filters: number, kernel: number, name: string, seed: number, strides = 1): tfl.SymbolicTensor {
  return tfl.layers
    .conv2d({ filters, kernelSize: kernel, strides, padding: 'same', kernelInitializer: init(seed, name), name })
    .apply(x) as tfl.SymbolicTensor
}

/** PReLU with one slope per channel, as PyTorch's nn.PReLU(C) (alphas start at 0.25). */
const prelu = (x: tfl.SymbolicTensor, name: string) =>
  tfl.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: tfl.initializers.constant({ value: 0.25 }), name }).apply(x) as tfl.SymbolicTensor

/** BatchNorm with PyTorch's defaults (momentum 0.1 there is 0.9 here, eps 1e-5). */
const bn = (x: tfl.SymbolicTensor, name: string) =>
  batchNormalization({ momentum: 0.9, epsilon: 1e-5, name }).apply(x) as tfl.SymbolicTensor

/** SRResNet: [batch, h, w, 3] in [0, 1] -> [batch, 4h, 4w, 3] (unbounded; clip for display). */
export function buildGenerator(o: GeneratorOptions): tfl.LayersModel {
  if (!Number.isInteger(o.blocks) || o.blocks < 0) throw new Error(`blocks must be a whole number >= 0, got ${o.blocks}`)
  if (!Number.isInteger(o.channels) || o.channels < 1) throw new Error(`channels must be a whole number >= 1, got ${o.channels}`)
  const input = tfl.input({ shape: [null, null, 3], name: 'lr' })
  const head = prelu(conv(input, o.channels, 9, 'g_head_conv', o.seed), 'g_head_prelu')
  let x = head
  for (let b = 1; b <= o.blocks; b++) {
    let y = conv(x, o.channels, 3, `g_res${b}_conv1`, o.seed)
    y = prelu(bn(y, `g_res${b}_bn1`), `g_res${b}_prelu`)
    y = bn(conv(y, o.channels, 3, `g_res${b}_conv2`, o.seed), `g_res${b}_bn2`)
    x = tfl.layers.add({ name: `g_res${b}_add` }).apply([x, y]) as tfl.SymbolicTensor
  }
  x = bn(conv(x, o.channels, 3, 'g_after_conv', o.seed), 'g_after_bn')
  x = tfl.layers.add({ name: 'g_long_skip' }).apply([head, x]) as tfl.SymbolicTensor
  for (let u = 1; u <= 2; u++) {
    x = conv(x, o.channels * 4, 3, `g_up${u}_conv`, o.seed)
    x = new PixelShuffle({ factor: 2, name: `g_up${u}_shuffle` }).apply(x) as tfl.SymbolicTensor
    x = prelu(x, `g_up${u}_prelu`)
  }
  if (!o.bicubicSkip) return tfl.model({ inputs: input, outputs: conv(x, 3, 9, 'g_tail_conv', o.seed), name: 'generator' })
  const detail = tfl.layers.conv2d({ filters: 3, kernelSize: 9, padding: 'same', kernelInitializer: 'zeros', name: 'g_tail_conv' }).apply(x) as tfl.SymbolicTensor
  const base = new BicubicUpsample({ name: 'g_bicubic' }).apply(input) as tfl.SymbolicTensor
  const sr = tfl.layers.add({ name: 'g_plus_bicubic' }).apply([base, detail]) as tfl.SymbolicTensor
  return tfl.model({ inputs: input, outputs: sr, name: 'generator' })
}

/** The discriminator's conv plan after the first layer: [channels, stride]. */
export const DISCRIMINATOR_PLAN: ReadonlyArray<readonly [number, number]> = [
  [64, 2], [128, 1], [128, 2], [256, 1], [256, 2], [512, 1], [512, 2],
]

/** VGG-style discriminator: [batch, hr, hr, 3] -> [batch, 1] logits (real > 0). */
export function buildDiscriminator(o: DiscriminatorOptions): tfl.LayersModel {
  if (!Number.isInteger(o.hr) || o.hr < 16 || o.hr % 16 !== 0) throw new Error(`the HR patch side must be a multiple of 16 (four stride-2 convolutions), got ${o.hr}`)
  const leaky = (x: tfl.SymbolicTensor, name: string) => tfl.layers.leakyReLU({ alpha: 0.2, name }).apply(x) as tfl.SymbolicTensor
  const input = tfl.input({ shape: [o.hr, o.hr, 3], name: 'hr' })
  let x = leaky(conv(input, 64, 3, 'd_conv0', o.seed), 'd_act0')
  DISCRIMINATOR_PLAN.forEach(([filters, stride], i) => {
    x = leaky(bn(conv(x, filters, 3, `d_conv${i + 1}`, o.seed, stride), `d_bn${i + 1}`), `d_act${i + 1}`)
  })
  x = tfl.layers.flatten({ name: 'd_flatten' }).apply(x) as tfl.SymbolicTensor
  x = leaky(tfl.layers.dense({ units: 1024, kernelInitializer: init(o.seed, 'd_dense1'), name: 'd_dense1' }).apply(x) as tfl.SymbolicTensor, 'd_dense1_act')
  const logit = tfl.layers.dense({ units: 1, kernelInitializer: init(o.seed, 'd_dense2'), name: 'd_dense2' }).apply(x) as tfl.SymbolicTensor
  return tfl.model({ inputs: input, outputs: logit, name: 'discriminator' })
}

/** Weights the optimiser updates (BatchNorm moving statistics excluded), like PyTorch's parameters(). */
export function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0)
}
