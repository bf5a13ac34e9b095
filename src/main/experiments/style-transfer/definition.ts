import type { ConfigOf, Preset } from '../contract'
import type { fields } from './fields'

/**
 * Kernels a backend needs for the backbone's forward and backward passes (the depthwise
 * convolutions' gradients included). Native and cpu have them all; wasm lacks the gradients.
 */
export const STYLE_KERNELS = [
  'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput',
  'Relu', 'Relu6', 'Mean', 'BatchMatMul', 'Multiply', 'Add', 'Sub', 'SquaredDifference', 'Sum', 'ClipByValue',
]

/** A run's resolved config (see fields.ts). */
export type StyleTransferConfig = ConfigOf<typeof fields>

/** `lr` 0 takes the optimiser's own default. */
export const DEFAULT_LR = { lbfgs: 1, adam: 0.02 } as const

/** The presets (typed against the fields in index.ts). */
export const presets: ReadonlyArray<Preset<StyleTransferConfig>> = [
  {
    name: 'quick',
    description: 'The built-in backbone and example images at 160 px, 60 L-BFGS steps, a frame every 10: 39 s of CPU time on the native backend (4.5 min of wall time on a 2-core machine shared with other work).',
    values: { size: 160, steps: 60, imageEvery: 10 },
  },
  {
    name: 'default',
    description: "The seed's 256 px and weights on the built-in backbone: 300 L-BFGS steps, a frame every 25.",
    values: { size: 256, steps: 300, imageEvery: 25 },
  },
  {
    name: 'seed',
    description:
      "The seed's exact setup: VGG19 (network=folder: set modelDir to your converted VGG19, as no VGG19 weights ship with Benchtop), content conv_4, style conv_1..conv_5, style weight 1e4 vs content 1, 256 px, L-BFGS, 1000 steps, pixels clamped to [0, 1].",
    values: {
      network: 'folder',
      contentLayer: 'conv_4',
      styleLayers: 'conv_1,conv_2,conv_3,conv_4,conv_5',
      contentWeight: 1,
      styleWeight: 10000,
      tvWeight: 0,
      size: 256,
      optimizer: 'lbfgs',
      steps: 1000,
      imageEvery: 50,
    },
  },
]
