import type { ExperimentInfo } from '../../../shared/api'
import { DEFAULT_CONTENT, DEFAULT_STYLE } from './examples'
import { MIN_SIDE } from './backbone'

/**
 * Kernels a backend needs for the backbone's forward and backward passes (the depthwise
 * convolutions' gradients included). Native and cpu have them all; wasm lacks the gradients.
 */
export const STYLE_KERNELS = [
  'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput',
  'Relu', 'Relu6', 'Mean', 'BatchMatMul', 'Multiply', 'Add', 'Sub', 'SquaredDifference', 'Sum', 'ClipByValue',
]

/** A run's resolved config (see the fields below). */
export interface StyleTransferConfig {
  content: string
  style: string
  size: number
  network: 'centernet' | 'folder'
  modelDir: string
  inputScale: 'auto' | '0-255' | '0-1' | 'imagenet' | 'caffe'
  contentLayer: string
  styleLayers: string
  contentWeight: number
  styleWeight: number
  tvWeight: number
  optimizer: 'lbfgs' | 'adam'
  lr: number
  steps: number
  init: 'content' | 'noise'
  imageEvery: number
}

/** `lr` 0 takes the optimiser's own default. */
export const DEFAULT_LR = { lbfgs: 1, adam: 0.02 } as const

/**
 * Neural style transfer (spec section 5): optimises the pixels of one image so that a frozen CNN
 * sees the content image's layout at one layer and the style image's Gram statistics at several.
 */
export const styleTransfer: ExperimentInfo = {
  id: 'style-transfer',
  title: 'Neural style transfer',
  description:
    "Paints the content image in the style image's textures: optimises the pixels (L-BFGS, as the seed, or Adam) against alpha x content loss (activations at one layer) + beta x style loss (Gram matrices at several layers) + optional total variation, on a frozen CNN. The seed used VGG19, whose weights cannot ship offline: by default the COCO-trained MobileNetV3 backbone of CenterNet stands in; give your own TF.js VGG19 folder for the seed's exact setup. Writes the current image every few steps.",
  datasetKinds: [],
  requiredKernels: [...STYLE_KERNELS],
  defaultPreset: 'quick',
  fields: [
    { key: 'content', type: 'string', default: DEFAULT_CONTENT, why: 'The photo whose layout is kept (a path; PNG, JPEG, WebP, ...). The built-in example:landscape is drawn by code, so a run needs no files.' },
    { key: 'style', type: 'string', default: DEFAULT_STYLE, why: 'The picture whose textures and colours are copied (a path). Built-ins: example:waves (swirling bands) and example:mosaic (tiles).' },
    { key: 'size', type: 'integer', default: 256, min: MIN_SIDE, max: 1024, why: "Longer side of the result in pixels; the content image's aspect ratio is kept. The seed works at 256 px; time per step grows with the pixel count." },
    { key: 'network', type: 'enum', default: 'centernet', options: ['centernet', 'folder'], why: "centernet: the built-in COCO-trained MobileNetV3 backbone (ships with the app). folder: your own TF.js model in modelDir, e.g. a converted VGG19 for the seed's setup." },
    { key: 'modelDir', type: 'string', default: '', why: 'With network=folder: a folder holding model.json (a layers or graph model from tensorflowjs_converter) and its weight files.' },
    { key: 'inputScale', type: 'enum', default: 'auto', options: ['auto', '0-255', '0-1', 'imagenet', 'caffe'], why: "How 0..1 pixels are fed to the network. auto: 0-255 for CenterNet, caffe (BGR minus ImageNet means, Keras' VGG19 preprocessing) for a folder." },
    { key: 'contentLayer', type: 'string', default: 'conv_4', why: "The seed's content layer, conv_4: deep enough to hold shapes, not textures. conv_1..conv_5 name five backbone layers from shallow to deep (or a folder model's k-th convolution); any layer name of the model also works." },
    { key: 'styleLayers', type: 'string', default: 'conv_1,conv_2,conv_3,conv_4,conv_5', why: "The seed's style layers: conv_1..conv_5, shallow layers for colour and fine texture, deeper ones for larger patterns (comma-separated)." },
    { key: 'contentWeight', type: 'number', default: 1, min: 0, max: 1e9, why: 'alpha; the seed keeps it at 1 and varies the style weight.' },
    { key: 'styleWeight', type: 'number', default: 10000, min: 0, max: 1e12, why: "beta; the seed's 1e4 (the Gram losses are tiny numbers). Higher: more style, less of the content's detail." },
    { key: 'tvWeight', type: 'number', default: 0, min: 0, max: 1e9, why: 'Total-variation weight: smooths high-frequency noise. The seed uses none (0).' },
    { key: 'optimizer', type: 'enum', default: 'lbfgs', options: ['lbfgs', 'adam'], why: "lbfgs, the seed's choice, converges in far fewer steps on this smooth problem; adam is the cheap-per-step alternative (one evaluation per step)." },
    { key: 'lr', type: 'number', default: 0, min: 0, max: 100, why: "0 takes the optimiser's default: L-BFGS's first trial step 1 (the quasi-Newton step, PyTorch's lr=1) or Adam's learning rate 0.02 on 0..1 pixels." },
    { key: 'steps', type: 'integer', default: 300, min: 1, max: 100_000, why: 'Optimiser iterations. The seed allows up to 1000 L-BFGS evaluations; 300 iterations are converged by eye at 256 px.' },
    { key: 'init', type: 'enum', default: 'content', options: ['content', 'noise'], why: "Start from the content image (converges fastest, the seed's choice) or from uniform noise (the course notes' variant)." },
    { key: 'imageEvery', type: 'integer', default: 25, min: 1, max: 100_000, why: 'Write the current result every N steps (and always the last): enough frames to watch it grow without filling the disk.' },
  ],
  presets: [
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
  ],
}
