/**
 * The model view's block grouping. The ResNets are built by TensorFlow.js and grouped from their
 * layer names only; the expected projections come from the architecture (a block projects when
 * its stride or width changes), and the per-block parameter counts are checked against
 * describeResNet's arithmetic, which never builds a model.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildResNet, describeResNet, type ResNetName } from '../../src/main/experiments/resnet/model'
import { buildShapesCnn } from '../../src/main/experiments/shapes-cnn/model'
import { groupBlocks, isResNetLayout, layerRows, readableLayerNames, type LayerRow } from '../../src/main/modelview'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Blocks whose shortcut needs a projection: ResNet-18 the first of stages 2-4 (stride 2, wider); ResNet-50 the first of every stage (64 -> 256 in stage 1). */
const PROJECTED: Record<ResNetName, string[]> = { ResNet18: ['g2b1', 'g3b1', 'g4b1'], ResNet50: ['g1b1', 'g2b1', 'g3b1', 'g4b1'] }
const BLOCKS: Record<ResNetName, number> = { ResNet18: 8, ResNet50: 16 }

describe.each([
  ['ResNet18', true],
  ['ResNet18', false],
  ['ResNet50', true],
  ['ResNet50', false],
] as Array<[ResNetName, boolean]>)('%s, shortcut %s', (name, shortcut) => {
  const options = { model: name, shortcut, size: 96, classes: 5, seed: 1 }
  let rows: LayerRow[]
  let total: number

  beforeAll(() => {
    const model = buildResNet(options)
    rows = layerRows(model)
    total = model.countParams()
    model.dispose()
  })

  it('groups the layers into stem, one row per residual block, and head', () => {
    const blocks = groupBlocks(rows)
    expect(isResNetLayout(rows)).toBe(true)
    expect(blocks[0].name).toBe('stem')
    expect(blocks.at(-1)!.name).toBe('head')
    const residual = blocks.filter((b) => b.kind === 'block')
    expect(residual).toHaveLength(BLOCKS[name])
    expect(blocks).toHaveLength(BLOCKS[name] + 2)
    expect(residual.map((b) => b.stage)).toEqual(residual.map((b) => Number(b.name[1])))
    // Every layer but the input sits in exactly one row.
    expect(blocks.flatMap((b) => b.layers.map((l) => l.name))).toEqual(rows.filter((r) => r.type !== 'InputLayer').map((r) => r.name))
  })

  it('marks identity and projection shortcuts where the architecture has them', () => {
    const residual = groupBlocks(rows).filter((b) => b.kind === 'block')
    for (const b of residual) {
      const expected = !shortcut ? 'none' : PROJECTED[name].includes(b.name) ? 'projection' : 'identity'
      expect(b.shortcut, b.name).toBe(expected)
      expect(b.layers.some((l) => l.type === 'Add')).toBe(shortcut)
    }
    expect(groupBlocks(rows).filter((b) => b.kind !== 'block').every((b) => b.shortcut === null)).toBe(true)
  })

  it('has parameters that sum to the model total and match the arithmetic per block', () => {
    const blocks = groupBlocks(rows)
    expect(blocks.reduce((sum, b) => sum + b.params, 0)).toBe(total)
    const described = describeResNet(options)
    for (const b of blocks.filter((x) => x.kind === 'block')) {
      const reference = described.layers.find((l) => l.name === b.name)!
      expect(b.params, b.name).toBe(reference.params)
      expect(b.trainableParams, b.name).toBe(reference.trainableParams)
      expect(b.outputShape, b.name).toEqual(reference.outputShape)
    }
    expect(blocks.reduce((sum, b) => sum + b.trainableParams, 0)).toBe(described.trainableParams)
  })
})

describe('other models', () => {
  it('keep one row per layer, without shortcut marks', () => {
    const model = buildShapesCnn({ size: 16, classes: 3, filters: 4, seed: 1 })
    const rows = layerRows(model)
    const blocks = groupBlocks(rows)
    expect(isResNetLayout(rows)).toBe(false)
    expect(blocks.map((b) => b.layers[0].type)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'])
    expect(blocks.every((b) => b.kind === 'layer' && b.shortcut === null)).toBe(true)
    expect(blocks.reduce((sum, b) => sum + b.params, 0)).toBe(model.countParams())
    // 3x3 conv 3 -> 4 and 4 -> 8 with bias; dense 4*4*8 -> 3.
    expect(blocks.map((b) => b.params)).toEqual([3 * 3 * 3 * 4 + 4, 0, 3 * 3 * 4 * 8 + 8, 0, 0, 4 * 4 * 8 * 3 + 3])
    expect(blocks.at(-1)!.outputShape).toEqual([3])
    model.dispose()
  })

  it('name layers from the model’s structure, the same in every build (not TensorFlow.js’s process-wide counter)', () => {
    const names = () => {
      const model = buildShapesCnn({ size: 16, classes: 3, filters: 4, seed: 1 })
      const rows = layerRows(model)
      model.dispose()
      return groupBlocks(rows).map((b) => b.name)
    }
    const first = names()
    expect(first).toEqual(['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'flatten_1', 'dense_1'])
    expect(names()).toEqual(first)
  })

  it('keeps names a model chose, and never gives two layers one name', () => {
    expect(
      readableLayerNames([
        { name: 'conv2d_Conv2D17', type: 'Conv2D' },
        { name: 'conv2d_1', type: 'Conv2D' },
        { name: 'conv2d_Conv2D18', type: 'Conv2D' },
        { name: 'stem_conv', type: 'Conv2D' },
        { name: 'batch_normalization_BatchNormalization3', type: 'BatchNormalization' },
      ]),
    ).toEqual(['conv2d_2', 'conv2d_1', 'conv2d_3', 'stem_conv', 'batch_normalization_1'])
  })

  it('a layer outside the ResNet naming stands alone', () => {
    const r = (name: string, params = 1): LayerRow => ({ name, type: 'Dense', outputShape: [1], params, trainableParams: params })
    const blocks = groupBlocks([r('stem_conv'), r('g1b1_conv1'), r('g1b1_add'), r('extra'), r('g1b2_conv1'), r('head_dense')])
    expect(blocks.map((b) => [b.name, b.kind, b.shortcut])).toEqual([
      ['stem', 'stem', null],
      ['g1b1', 'block', 'identity'],
      ['extra', 'layer', null],
      ['g1b2', 'block', 'none'],
      ['head', 'head', null],
    ])
  })
})
