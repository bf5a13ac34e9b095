/**
 * Using a trained image classifier: its model view (blocks with shapes, parameters and shortcuts)
 * and class probabilities for images. Part of the API contract (`predictImages`, `modelSummary`
 * in api.ts); plain JSON only.
 */

/** How a residual block joins its input back in; null where the idea does not apply (stem, head, plain layers). */
export type ShortcutKind = 'identity' | 'projection' | 'none' | null

/** One row of the model view: a ResNet stem, residual block or head, or one layer of any other model. */
export interface ModelBlock {
  /** `stem`, `g2b1` (stage 2, block 1), `head`, or the layer's own name. */
  name: string
  kind: 'stem' | 'block' | 'head' | 'layer'
  /** ResNet stage (group) from 1 for residual blocks; null otherwise. */
  stage: number | null
  /** The layers it holds, in order, with their tfjs-layers class names. */
  layers: Array<{ name: string; type: string }>
  /** Output shape of its last layer, without the batch dimension. */
  outputShape: number[]
  /** All weights, BatchNorm moving statistics included (Keras count_params()). */
  params: number
  /** Weights the optimiser updates. */
  trainableParams: number
  /** 'identity' or 'projection' (1x1 conv + BN) for a block with a shortcut, 'none' for one without. */
  shortcut: ShortcutKind
}

export interface ModelSummary {
  runId: string
  experiment: string
  /** The tfjs-layers model name (e.g. `resnet18`, `resnet50_plain`, `shapes_cnn`). */
  model: string
  /** [size, size, 3] */
  inputShape: number[]
  /** [classes], or [1] for a two-class sigmoid head. */
  outputShape: number[]
  params: number
  trainableParams: number
  /** Class names in output order. */
  classes: string[]
  blocks: ModelBlock[]
}

export interface ClassProbability {
  class: string
  /** 0..1; a run's probabilities for one image sum to 1. */
  p: number
}

/** One image's answer: classes most likely first, or why the image could not be used. */
export type ImagePrediction =
  | { file: string; probabilities: ClassProbability[]; top: string }
  | { file: string; error: string }

export interface PredictionResult {
  runId: string
  /** Checkpoint the weights came from (`epoch-0004`) and its epoch. */
  checkpoint: string
  epoch: number
  /** Images were resized to size x size, as training resized them. */
  size: number
  /** TensorFlow.js backend that ran the model. */
  backend: string
  classes: string[]
  /** One per image, in the order given. */
  predictions: ImagePrediction[]
}
