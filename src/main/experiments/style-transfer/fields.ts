import { MIN_SIDE } from './names'
import { DEFAULT_CONTENT, DEFAULT_STYLE, EXAMPLES } from './examples'

/** The config fields, each with the reason for its default (declared `as const` for typed configs). */
export const fields = [
  { key: 'content', type: 'image-file', default: DEFAULT_CONTENT, examples: EXAMPLES, why: 'The photo whose layout is kept (a path; PNG, JPEG, WebP, ...). The built-in example:landscape is drawn by code, so a run needs no files.' },
  { key: 'style', type: 'image-file', default: DEFAULT_STYLE, examples: EXAMPLES, why: 'The picture whose textures and colours are copied (a path). Built-ins: example:waves (swirling bands) and example:mosaic (tiles).' },
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
] as const
