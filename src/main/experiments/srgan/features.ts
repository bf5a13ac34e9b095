/**
 * The perceptual loss's frozen feature network: style transfer's (the built-in CenterNet
 * MobileNetV3 backbone, or a user's TF.js model folder), one layer of it. Batches run image by
 * image, as a graph model's placeholder may fix the batch at 1; the activations stay on the
 * gradient tape, so the generator's update sees them.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { InputScale } from '../style-transfer/featureNet'
import { resolveLayerNames, splitLayerList } from '../style-transfer/layerNames'
import { loadFeatureModel } from '../style-transfer/modelFolder'

export interface PerceptualFeatures {
  /** [batch, h, w, 3] in [0, 1] -> one [batch, h', w', c] activation. */
  features(images: tf.Tensor4D): tf.Tensor[]
  /** The chosen layer, as the model names it, and how messages name the model. */
  layer: string
  source: string
  dispose(): void
}

export async function loadPerceptualFeatures(o: { network: 'centernet' | 'folder'; modelDir: string; layer: string; inputScale: InputScale | 'auto' }): Promise<PerceptualFeatures> {
  if (o.network === 'folder' && o.modelDir.trim() === '') {
    throw new Error('network=folder needs modelDir: a folder with a TF.js model (model.json and weights), e.g. a VGG19 converted with tensorflowjs_converter; or use network=centernet')
  }
  const requested = splitLayerList(o.layer)
  if (requested.length !== 1) throw new Error(`featureLayer must name exactly one layer, got '${o.layer}'`)
  const model = await loadFeatureModel(o.network === 'folder' ? o.modelDir : '', o.inputScale)
  let layer: string
  try {
    ;[layer] = resolveLayerNames(requested, model.layers, model.format, model.aliases, model.source)
  } catch (error) {
    model.dispose()
    throw error
  }
  return {
    layer,
    source: model.source,
    features: (images) => {
      const n = images.shape[0]
      const parts: tf.Tensor4D[] = []
      for (let i = 0; i < n; i++) {
        const one = tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D
        parts.push(model.net.activations(one, [layer])[0])
      }
      return [n === 1 ? parts[0] : tf.concat(parts, 0)]
    },
    dispose: () => model.dispose(),
  }
}
