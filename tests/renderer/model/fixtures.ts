import type { ModelBlock, ModelSummary } from '../../../src/shared/prediction'

const block = (name: string, kind: ModelBlock['kind'], shortcut: ModelBlock['shortcut'], params: number, outputShape: number[]): ModelBlock => ({
  name,
  kind,
  stage: kind === 'block' ? Number(name[1]) : null,
  layers: [{ name: `${name}_conv1`, type: 'Conv2D' }],
  outputShape,
  params,
  trainableParams: params,
  shortcut,
})

/** A made-up two-stage residual network: identity in g1b1, a projection in g2b1. */
export const RESNET_SUMMARY: ModelSummary = {
  runId: 'run-1',
  experiment: 'resnet',
  model: 'resnet_tiny',
  inputShape: [64, 64, 3],
  outputShape: [3],
  params: 1000 + 2000 + 3000 + 99,
  trainableParams: 5000,
  classes: ['a', 'b', 'c'],
  blocks: [
    block('stem', 'stem', null, 1000, [15, 15, 64]),
    block('g1b1', 'block', 'identity', 2000, [15, 15, 64]),
    block('g2b1', 'block', 'projection', 3000, [8, 8, 128]),
    block('head', 'head', null, 99, [3]),
  ],
}

export const CNN_SUMMARY: ModelSummary = {
  runId: 'run-1',
  experiment: 'shapes-cnn',
  model: 'shapes_cnn',
  inputShape: [16, 16, 3],
  outputShape: [3],
  params: 448 + 195,
  trainableParams: 643,
  classes: ['circle', 'square', 'triangle'],
  blocks: [block('conv2d_1', 'layer', null, 448, [16, 16, 16]), block('dense_1', 'layer', null, 195, [3])],
}
