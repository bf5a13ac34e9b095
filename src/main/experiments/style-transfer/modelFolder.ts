/**
 * Loads the feature network from disk: the built-in CenterNet backbone, or a user's TF.js model
 * folder (a LayersModel or a GraphModel, e.g. a converted VGG19 for the seed's exact setup).
 *
 * The input's height and width are made free (-1 / null) before loading: converters often fix
 * them (CenterNet's placeholder is [1, 512, 512, 3]) while style transfer runs at the content
 * image's size. Everything wrong with a folder is said before training starts, naming the path.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type * as tf from '@tensorflow/tfjs-core'
import { loadGraphModel, loadLayersModel } from '@tensorflow/tfjs'
import { centernetFiles, fileHandler } from '../../detection/centernet'
import { BACKBONE_INPUT, BACKBONE_LAYERS } from './backbone'
import { GraphFeatures, LayersFeatures, type InputScale } from './featureNet'
import { convAliases, listLayers, modelFormat, type LayerInfo, type ModelFormat } from './layerNames'
import type { FeatureNetwork } from './objective'
import { unfuseConvolutions } from './unfuse'

/** Weight files above this are refused (VGG19's convolutions are 80 MB; with its head 550 MB). */
export const MAX_WEIGHT_BYTES = 1024 ** 3

export interface LoadedFeatureModel {
  net: FeatureNetwork
  format: ModelFormat
  /** How messages name the model. */
  source: string
  layers: LayerInfo[]
  /** conv_1.. names the model accepts besides its own layer names. */
  aliases: Record<string, string>
  scale: InputScale
  /** [height, width] a functional model with a classifier head is tied to; null when any size runs. */
  fixedSize: number[] | null
  dispose(): void
}

interface ModelJson {
  modelTopology?: unknown
  weightsManifest?: Array<{ paths?: unknown }>
  format?: string
}

/** Keras layers that need a fixed input size: a classifier head (Flatten before Dense, ...). */
const HEAD_LAYERS = new Set(['Flatten', 'Dense', 'Reshape', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D'])

/**
 * Frees an input's height and width in a graph's placeholders or a Keras config, in place, and
 * returns whether it could. A Sequential model loses its classifier head (from the first Flatten,
 * Dense, ... on; style transfer reads convolutions only); a functional model with a head keeps
 * its fixed size (its head's wiring is not cut here), and says so when another size is run.
 */
export function freeInputSize(topology: unknown, format: ModelFormat): boolean {
  const free = (shape: unknown[]): void => {
    if (shape.length === 4) {
      shape[1] = format === 'graph' ? { size: '-1' } : null
      shape[2] = format === 'graph' ? { size: '-1' } : null
    }
  }
  const t = topology as Record<string, unknown>
  if (format === 'graph') {
    for (const node of (t.node as Array<{ op?: string; attr?: { shape?: { shape?: { dim?: unknown[] } } } }>) ?? []) {
      const dim = node.op === 'Placeholder' ? node.attr?.shape?.shape?.dim : undefined
      if (Array.isArray(dim)) free(dim)
    }
    return true
  }
  const config = (t.model_config ?? t) as { class_name?: string; config?: { layers?: Array<{ class_name?: string; config?: Record<string, unknown> }> } }
  const layers = config.config?.layers ?? []
  const head = layers.findIndex((l) => HEAD_LAYERS.has(l.class_name ?? ''))
  if (head >= 0) {
    if (config.class_name !== 'Sequential') return false
    layers.splice(head)
  }
  for (const layer of layers) {
    for (const key of ['batch_input_shape', 'batchInputShape', 'batch_shape']) {
      const shape = layer.config?.[key]
      if (Array.isArray(shape)) free(shape)
    }
  }
  return true
}

async function modelJsonPath(dir: string): Promise<string> {
  let info
  try {
    info = await stat(dir)
  } catch {
    throw new Error(`the model folder ${dir} does not exist`)
  }
  const json = info.isDirectory() ? path.join(dir, 'model.json') : dir
  try {
    if (!(await stat(json)).isFile()) throw new Error('not a file')
  } catch {
    throw new Error(`${dir} is not a TF.js model folder: it has no model.json (convert a model with tensorflowjs_converter)`)
  }
  return json
}

async function readModelJson(json: string): Promise<ModelJson & { formatKind: ModelFormat }> {
  let parsed: ModelJson
  try {
    parsed = JSON.parse(await readFile(json, 'utf8')) as ModelJson
  } catch (error) {
    throw new Error(`${json} is not a TF.js model: ${(error as Error).message}`)
  }
  const formatKind = modelFormat(parsed.modelTopology, parsed.format)
  if (!formatKind || !Array.isArray(parsed.weightsManifest)) {
    throw new Error(`${json} is not a TF.js model: it needs a modelTopology and a weightsManifest (a layers or graph model written by tensorflowjs_converter)`)
  }
  let bytes = 0
  for (const group of parsed.weightsManifest) {
    for (const file of Array.isArray(group.paths) ? group.paths : []) {
      const full = path.resolve(path.dirname(json), String(file))
      try {
        bytes += (await stat(full)).size
      } catch {
        throw new Error(`${json} names the weight file ${String(file)}, which is missing`)
      }
    }
  }
  if (bytes > MAX_WEIGHT_BYTES) throw new Error(`${json}: its weights take ${(bytes / 1024 ** 2).toFixed(0)} MB, over the ${MAX_WEIGHT_BYTES / 1024 ** 2} MB limit`)
  return { ...parsed, formatKind }
}

/**
 * Loads the feature network onto the active backend.
 * @param modelDir '' for the built-in CenterNet backbone, else a folder with model.json (or the file)
 * @param scale 'auto': 0-255 for the backbone, caffe for a user's model (Keras' VGG19 preprocessing)
 * @param unfuse split a graph's fused convolutions (unfuse.ts); false only to compare with them
 */
export async function loadFeatureModel(modelDir: string, scale: InputScale | 'auto' = 'auto', unfuse = true): Promise<LoadedFeatureModel> {
  const builtin = modelDir.trim() === ''
  const json = builtin ? centernetFiles().json : await modelJsonPath(modelDir)
  const parsed = await readModelJson(json)
  const format = parsed.formatKind
  const artifacts = await fileHandler(json).load!()
  const freed = freeInputSize(artifacts.modelTopology, format)
  if (format === 'graph' && unfuse) unfuseConvolutions(artifacts.modelTopology)
  const handler: tf.io.IOHandler = { load: async () => artifacts }
  const source = builtin ? "the built-in CenterNet backbone" : `the model ${json}`
  const layers = listLayers(parsed.modelTopology, format)
  const aliases = builtin ? { ...BACKBONE_LAYERS } : convAliases(layers, format)
  const inputScale: InputScale = scale !== 'auto' ? scale : builtin ? '0-255' : 'caffe'
  if (format === 'graph') {
    const graph = await loadGraphModel(handler)
    const input = graph.inputs[0]
    if (graph.inputs.length !== 1 || (input.shape && input.shape.length !== 4)) {
      graph.dispose()
      throw new Error(`${source} must take one image input [1, h, w, 3]; it takes ${graph.inputs.map((i) => `${i.name} [${i.shape}]`).join(', ')}`)
    }
    const inputName = builtin ? BACKBONE_INPUT : input.name
    return { net: new GraphFeatures(graph, inputName, inputScale), format, source, layers, aliases, scale: inputScale, fixedSize: null, dispose: () => graph.dispose() }
  }
  // strict: false, as a cut-off head leaves its weights unused.
  const model = await loadLayersModel(handler, { strict: false })
  const shape = model.inputs[0]?.shape ?? []
  if (model.inputs.length !== 1 || shape.length !== 4) {
    model.dispose()
    throw new Error(`${source} must take one image input [batch, h, w, 3]; it takes ${model.inputs.map((i) => `[${i.shape}]`).join(', ')}`)
  }
  const fixedSize = freed ? null : (shape.slice(1, 3) as number[])
  return { net: new LayersFeatures(model, inputScale), format, source, layers, aliases, scale: inputScale, fixedSize, dispose: () => model.dispose() }
}
