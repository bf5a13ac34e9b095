/** The layer list of a built tfjs-layers model, as plain rows for groupBlocks (blocks.ts). */
import type * as tfl from '@tensorflow/tfjs-layers'
import type { LayerRow } from './blocks'
import { readableLayerNames } from './layerNames'

const count = (shape: ReadonlyArray<number | null>) => shape.reduce<number>((a, b) => a * (b ?? 1), 1)

/**
 * Output shapes without the batch dimension; parameters as Keras's count_params() counts them;
 * names that TensorFlow.js generated from its process-wide counter replaced by stable ones (layerNames.ts).
 */
export function layerRows(model: tfl.LayersModel): LayerRow[] {
  const names = readableLayerNames(model.layers.map((layer) => ({ name: layer.name, type: layer.getClassName() })))
  return model.layers.map((layer, i) => {
    const shape = layer.outputShape as Array<number | null>
    return {
      name: names[i],
      type: layer.getClassName(),
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
      trainableParams: layer.trainableWeights.reduce((sum, w) => sum + count(w.shape), 0),
    }
  })
}
