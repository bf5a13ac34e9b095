/**
 * Frozen feature networks for style transfer, over an already loaded TF.js model:
 *  - GraphFeatures: intermediate nodes of a GraphModel (`model.execute(input, [nodeNames])`);
 *    TF.js records the graph executor's ops on the gradient tape like any others, so tf.grad
 *    reaches the input (checked in tests/style-transfer/backbone.test.ts against finite
 *    differences on the CenterNet backbone);
 *  - LayersFeatures: a LayersModel's named layers, through a sub-model with those outputs.
 * Loading from disk lives in modelFolder.ts; this file touches no files. Call inside tf.tidy (the
 * scaled input is left to it).
 */
import * as tf from '@tensorflow/tfjs-core'
import type { GraphModel, LayersModel, SymbolicTensor } from '@tensorflow/tfjs'
import { model as layersModel } from '@tensorflow/tfjs'
import type { FeatureNetwork } from './objective'

/**
 * How 0..1 RGB pixels become the network's input:
 *  - `0-255`: RGB times 255 (CenterNet, and many TF graph models);
 *  - `0-1`: as they are;
 *  - `imagenet`: (x - mean) / std with ImageNet's RGB statistics (torchvision's VGG19, the seed's);
 *  - `caffe`: BGR, 0..255, ImageNet mean subtracted (Keras' VGG16/VGG19 `preprocess_input`).
 */
export type InputScale = '0-255' | '0-1' | 'imagenet' | 'caffe'
export const INPUT_SCALES: readonly InputScale[] = ['0-255', '0-1', 'imagenet', 'caffe']

const IMAGENET_MEAN = [0.485, 0.456, 0.406]
const IMAGENET_STD = [0.229, 0.224, 0.225]
/** Keras' caffe means, in BGR order, on the 0..255 scale. */
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68]

/** @param image [1, h, w, 3] RGB 0..1 @returns [1, h, w, 3] as the network expects */
export function scaleInput(image: tf.Tensor4D, scale: InputScale): tf.Tensor4D {
  return tf.tidy(() => {
    switch (scale) {
      case '0-1':
        return image.clone()
      case '0-255':
        return tf.mul(image, 255) as tf.Tensor4D
      case 'imagenet':
        return tf.div(tf.sub(image, tf.tensor1d(IMAGENET_MEAN)), tf.tensor1d(IMAGENET_STD)) as tf.Tensor4D
      case 'caffe':
        return tf.sub(tf.mul(tf.reverse(image, -1), 255), tf.tensor1d(CAFFE_MEAN_BGR)) as tf.Tensor4D
    }
  })
}

function as4d(t: tf.Tensor, name: string): tf.Tensor4D {
  if (t.rank !== 4) throw new Error(`layer '${name}' gives a rank-${t.rank} tensor [${t.shape}], not an image-shaped [1, h, w, c] activation`)
  return t as tf.Tensor4D
}

/** Intermediate nodes of a GraphModel. */
export class GraphFeatures implements FeatureNetwork {
  constructor(
    readonly graph: GraphModel,
    /** The placeholder the image feeds. */
    readonly inputName: string,
    readonly scale: InputScale,
  ) {}

  activations(image: tf.Tensor4D, layers: readonly string[]): tf.Tensor4D[] {
    const out = this.graph.execute({ [this.inputName]: scaleInput(image, this.scale) }, [...layers])
    const list = Array.isArray(out) ? out : [out]
    return list.map((t, i) => as4d(t, layers[i]))
  }
}

/** Named layers of a LayersModel, through one cached sub-model per set of names. */
export class LayersFeatures implements FeatureNetwork {
  private readonly subModels = new Map<string, LayersModel>()

  constructor(
    readonly model: LayersModel,
    readonly scale: InputScale,
  ) {}

  private subModel(layers: readonly string[]): LayersModel {
    const key = layers.join('\n')
    let sub = this.subModels.get(key)
    if (!sub) {
      const outputs = layers.map((name) => this.model.getLayer(name).output as SymbolicTensor)
      sub = layersModel({ inputs: this.model.inputs, outputs })
      this.subModels.set(key, sub)
    }
    return sub
  }

  activations(image: tf.Tensor4D, layers: readonly string[]): tf.Tensor4D[] {
    const out = this.subModel(layers).apply(scaleInput(image, this.scale), { training: false }) as tf.Tensor | tf.Tensor[]
    const list = Array.isArray(out) ? out : [out]
    return list.map((t, i) => as4d(t, layers[i]))
  }
}
