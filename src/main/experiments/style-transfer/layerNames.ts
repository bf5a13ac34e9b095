/**
 * Layer names of a feature network, from its model.json topology, and the user's layer choices
 * resolved against them (pure: the JSON is already parsed).
 *
 * Besides a layer's own name, `conv_1`, `conv_2`, ... are accepted, as in the seed:
 *  - for the built-in CenterNet backbone they name five activations from shallow to deep
 *    (BACKBONE_LAYERS in backbone.ts);
 *  - for a user's model, `conv_k` is its k-th convolution layer in file order, the seed's own
 *    naming (PyTorch's tutorial counts VGG19's convolutions: conv_4 is block2_conv2 in Keras').
 */

export interface LayerInfo {
  name: string
  /** Graph op (`_FusedConv2D`, `Relu`, ...) or Keras layer class (`Conv2D`, ...). */
  kind: string
}

export type ModelFormat = 'graph' | 'layers'

interface GraphNode {
  name?: unknown
  op?: unknown
}

interface KerasLayer {
  class_name?: unknown
  config?: { name?: unknown }
  name?: unknown
}

const GRAPH_CONVS = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'])
const GRAPH_FEATURES = new Set([...GRAPH_CONVS, 'Relu', 'Relu6', 'Elu', 'LeakyRelu', 'Selu', 'Sigmoid', 'Tanh', 'MaxPool', 'AvgPool', 'Add', 'AddV2', 'Mul', 'BiasAdd', 'FusedBatchNorm', 'FusedBatchNormV3'])
const LAYER_CONVS = new Set(['Conv2D', 'SeparableConv2D', 'DepthwiseConv2D'])
const LAYER_SKIP = new Set(['InputLayer', 'Flatten', 'Dense', 'Dropout', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Reshape'])

/** The topology's kind: a Keras-style layers model or a TF graph. */
export function modelFormat(topology: unknown, format?: string): ModelFormat | null {
  if (!topology || typeof topology !== 'object') return null
  const t = topology as Record<string, unknown>
  if (format === 'layers-model' || t.model_config || t.class_name) return 'layers'
  if (format === 'graph-model' || Array.isArray(t.node)) return 'graph'
  return null
}

function kerasLayers(topology: Record<string, unknown>): KerasLayer[] {
  const config = (topology.model_config ?? topology) as { config?: { layers?: unknown } }
  const layers = config.config?.layers
  return Array.isArray(layers) ? (layers as KerasLayer[]) : []
}

/**
 * Layers (layers model) or nodes (graph model) in file order, without constants and inputs.
 */
export function listLayers(topology: unknown, kind: ModelFormat): LayerInfo[] {
  const t = topology as Record<string, unknown>
  if (kind === 'graph') {
    const nodes = Array.isArray(t.node) ? (t.node as GraphNode[]) : []
    return nodes
      .filter((n) => typeof n.name === 'string' && typeof n.op === 'string' && n.op !== 'Const' && n.op !== 'Placeholder')
      .map((n) => ({ name: n.name as string, kind: n.op as string }))
  }
  return kerasLayers(t)
    .map((l) => ({ name: (l.config?.name ?? l.name) as unknown, kind: l.class_name }))
    .filter((l): l is LayerInfo => typeof l.name === 'string' && typeof l.kind === 'string' && l.kind !== 'InputLayer')
}

/** Whether a layer is worth offering as a style or content layer (convolutions, activations). */
export function isFeatureLayer(layer: LayerInfo, kind: ModelFormat): boolean {
  return kind === 'graph' ? GRAPH_FEATURES.has(layer.kind) : !LAYER_SKIP.has(layer.kind)
}

/** `conv_k` -> the k-th convolution of a user's model. */
export function convAliases(layers: readonly LayerInfo[], kind: ModelFormat): Record<string, string> {
  const convs = layers.filter((l) => (kind === 'graph' ? GRAPH_CONVS : LAYER_CONVS).has(l.kind))
  return Object.fromEntries(convs.map((l, i) => [`conv_${i + 1}`, l.name]))
}

/** Splits a comma- or space-separated list of layer names. */
export function splitLayerList(value: string): string[] {
  return value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
}

/** A short list of the layers a model has, for error messages. */
export function describeLayers(layers: readonly LayerInfo[], kind: ModelFormat, aliases: Record<string, string>, limit = 40): string {
  const features = layers.filter((l) => isFeatureLayer(l, kind))
  const names = features.slice(0, limit).map((l) => `${l.name} (${l.kind})`)
  const more = features.length > limit ? `, ... (${features.length} in all)` : ''
  const aliasNames = Object.keys(aliases)
  const shortNames = aliasNames.length <= 8 ? aliasNames.join(', ') : `${aliasNames.slice(0, 5).join(', ')}, ... conv_${aliasNames.length}`
  return `${aliasNames.length > 0 ? `use ${shortNames}, or one of its layers: ` : 'its layers: '}${names.join(', ')}${more}`
}

/**
 * The model's name for each requested layer; throws naming the missing ones and listing what the
 * model has.
 * @param source the model, as the message should name it
 */
export function resolveLayerNames(
  requested: readonly string[],
  layers: readonly LayerInfo[],
  kind: ModelFormat,
  aliases: Record<string, string>,
  source: string,
): string[] {
  const names = new Set(layers.map((l) => l.name))
  const missing: string[] = []
  const resolved = requested.map((r) => {
    if (names.has(r)) return r
    if (aliases[r] && names.has(aliases[r])) return aliases[r]
    missing.push(r)
    return r
  })
  if (missing.length > 0) {
    throw new Error(
      `${source} has no layer${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; ${describeLayers(layers, kind, aliases)}`,
    )
  }
  return resolved
}
