import * as tf from '@tensorflow/tfjs'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/main/experiments/config'
import type { StyleTransferConfig } from '../../src/main/experiments/style-transfer/definition'
import { findExperimentInfo } from '../../src/main/experiments/registry'
import { convAliases, listLayers, resolveLayerNames } from '../../src/main/experiments/style-transfer/layerNames'
import { loadFeatureModel } from '../../src/main/experiments/style-transfer/modelFolder'
import { prepare } from '../../src/main/experiments/style-transfer/run'

const dir = mkdtempSync(path.join(tmpdir(), 'style-model-'))

/** A small VGG-like Keras model with a fixed 32 x 32 input, saved as a TF.js layers folder. */
async function saveVggLike(folder: string): Promise<tf.LayersModel> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'block1_conv1', inputShape: [32, 32, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ name: 'block1_conv2', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'block1_pool', poolSize: 2 }),
      tf.layers.conv2d({ name: 'block2_conv1', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc', units: 2 }),
    ],
  })
  mkdirSync(folder, { recursive: true })
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(path.join(folder, 'weights.bin'), Buffer.from(artifacts.weightData as ArrayBuffer))
      writeFileSync(
        path.join(folder, 'model.json'),
        JSON.stringify({ modelTopology: artifacts.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] }),
      )
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  return model
}

const styleTransfer = findExperimentInfo('style-transfer')

function config(values: Record<string, string | number>): StyleTransferConfig {
  return resolveConfig(styleTransfer, 'quick', values).config as unknown as StyleTransferConfig
}

describe("a user's model folder", () => {
  let reference: tf.LayersModel
  beforeAll(async () => {
    await tf.setBackend('cpu')
    reference = await saveVggLike(path.join(dir, 'vgg'))
  })

  it('loads a layers model, frees its fixed input size, names conv_k the k-th convolution', async () => {
    const loaded = await loadFeatureModel(path.join(dir, 'vgg'), '0-1')
    expect(loaded.format).toBe('layers')
    expect(loaded.aliases).toEqual({ conv_1: 'block1_conv1', conv_2: 'block1_conv2', conv_3: 'block2_conv1' })
    // A 40 x 48 image (not the saved 32 x 32): the activations equal the saved model's own layers run by hand.
    const image = tf.randomUniform([1, 40, 48, 3], 0, 1, 'float32', 1) as tf.Tensor4D
    const [a, b] = loaded.net.activations(image, ['block1_conv2', 'block2_conv1'])
    expect(a.shape).toEqual([1, 40, 48, 4])
    expect(b.shape).toEqual([1, 20, 24, 6])
    let x: tf.Tensor = image
    for (const name of ['block1_conv1', 'block1_conv2']) x = reference.getLayer(name).apply(x) as tf.Tensor
    expect(tf.max(tf.abs(tf.sub(x, a))).dataSync()[0]).toBeLessThan(1e-5)
    loaded.dispose()
  })

  it('says which layers exist when a named one is missing', async () => {
    const c = config({ network: 'folder', modelDir: path.join(dir, 'vgg'), contentLayer: 'conv_4', styleLayers: 'conv_1,nope' })
    await expect(prepare(c)).rejects.toThrow(/has no layers 'conv_4', 'nope'; use conv_1, conv_2, conv_3, or one of its layers: block1_conv1 \(Conv2D\), block1_conv2 \(Conv2D\), block1_pool \(MaxPooling2D\), block2_conv1 \(Conv2D\)$/)
  })

  it('refuses what is not a TF.js model, naming the path', async () => {
    await expect(loadFeatureModel(path.join(dir, 'absent'))).rejects.toThrow(/model folder .*absent does not exist/)
    mkdirSync(path.join(dir, 'empty'))
    await expect(loadFeatureModel(path.join(dir, 'empty'))).rejects.toThrow(/empty is not a TF.js model folder: it has no model.json/)
    mkdirSync(path.join(dir, 'garbage'))
    writeFileSync(path.join(dir, 'garbage', 'model.json'), '{"hello": 1}')
    await expect(loadFeatureModel(path.join(dir, 'garbage'))).rejects.toThrow(/garbage.model.json is not a TF.js model: it needs a modelTopology and a weightsManifest/)
    mkdirSync(path.join(dir, 'noweights'))
    writeFileSync(path.join(dir, 'noweights', 'model.json'), JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['w.bin'], weights: [] }] }))
    await expect(loadFeatureModel(path.join(dir, 'noweights'))).rejects.toThrow(/names the weight file w.bin, which is missing/)
  })

  it("the seed preset asks for the user's VGG19 folder before anything runs", async () => {
    const c = resolveConfig(styleTransfer, 'seed', {}).config as unknown as StyleTransferConfig
    await expect(prepare(c)).rejects.toThrow(/network=folder needs modelDir.*No VGG19 weights ship with Benchtop/)
  })

  it('refuses a size too small for the deepest layer', async () => {
    // A 400 x 40 strip at size 64 is 64 x 6 px: conv_4 (stride 8, 'same' padding) is already 8 x 1.
    const strip = path.join(dir, 'strip.png')
    await sharp({ create: { width: 400, height: 40, channels: 3, background: '#808080' } }).png().toFile(strip)
    const c = config({ size: 64, content: strip })
    await expect(prepare(c)).rejects.toThrow(/too small for layer conv_4 \(tower_0\/MobilenetV3\/expanded_conv_6\/expand\/hard_swish\/mul_1\): at 64x6 px its output is 8x1; use a larger size/)
  }, 300_000)

  it('cuts the classifier head off a Sequential model so any size runs', async () => {
    const loaded = await loadFeatureModel(path.join(dir, 'vgg'), 'caffe')
    expect(loaded.fixedSize).toBeNull()
    expect(loaded.scale).toBe('caffe')
    loaded.dispose()
  })
})

describe('layer names', () => {
  const graph = { node: [{ name: 'x', op: 'Placeholder' }, { name: 'k', op: 'Const' }, { name: 'c1', op: 'Conv2D' }, { name: 'r1', op: 'Relu' }, { name: 'c2', op: '_FusedConv2D' }] }

  it('lists a graph model\'s nodes without constants and inputs, and its convolutions as conv_k', () => {
    const layers = listLayers(graph, 'graph')
    expect(layers).toEqual([{ name: 'c1', kind: 'Conv2D' }, { name: 'r1', kind: 'Relu' }, { name: 'c2', kind: '_FusedConv2D' }])
    expect(convAliases(layers, 'graph')).toEqual({ conv_1: 'c1', conv_2: 'c2' })
    expect(resolveLayerNames(['conv_2', 'r1'], layers, 'graph', convAliases(layers, 'graph'), 'm')).toEqual(['c2', 'r1'])
  })
})
