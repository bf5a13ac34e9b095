/**
 * The embedding network: a backbone (a small CNN, or the resnet experiment's ResNet-18 trunk)
 * and a linear layer to d numbers; `embed` divides by the L2 norm, so every embedding is a unit
 * vector (tfjs-layers has no Lambda layer: the normalisation is a function, not a layer, and the
 * checkpoint holds the layers' weights). Pure: builds models, trains nothing.
 */
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { deriveSeed } from '../../../shared/random'
import { buildResNet, minimumSize } from '../resnet/model'

export interface EmbeddingNetOptions {
  backbone: 'cnn' | 'resnet18'
  /** Input side in pixels: the input is [size, size, 3] in [0, 1]. */
  size: number
  /** Embedding length d. */
  dim: number
  /** The small CNN's first width. */
  filters: number
  seed: number
}

/** Refuses a size the backbone cannot take, naming the smallest it can. */
export function checkEmbeddingOptions(o: EmbeddingNetOptions): void {
  const least = o.backbone === 'resnet18' ? minimumSize('ResNet18') : 8
  if (o.size < least) throw new Error(`size=${o.size} is too small for the ${o.backbone} backbone; it needs at least ${least} px`)
}

/**
 * cnn: [conv(f,3,same,relu) - maxpool 2] x 2 - conv(4f,3,same,relu) - flatten - dense(d).
 * resnet18: ResNet-18 up to its flatten (stem, 8 basic blocks with shortcuts, 2x2 average pool) - dense(d).
 * Input [batch, size, size, 3]; output [batch, d], not yet normalised (see `embed`).
 */
export function buildEmbeddingNet(o: EmbeddingNetOptions): tfl.LayersModel {
  checkEmbeddingOptions(o)
  const init = (name: string) => tfl.initializers.glorotUniform({ seed: deriveSeed(o.seed, name) })
  const head = tfl.layers.dense({ name: 'embedding', units: o.dim, kernelInitializer: init('embedding') })
  if (o.backbone === 'resnet18') {
    // The classifier's head_dense is not on the path to head_flatten, so it is left out of this model.
    const full = buildResNet({ model: 'ResNet18', shortcut: true, size: o.size, classes: 3, seed: o.seed })
    const features = full.getLayer('head_flatten').output as tfl.SymbolicTensor
    return tfl.model({ name: 'triplet_resnet18', inputs: full.inputs, outputs: head.apply(features) as tfl.SymbolicTensor })
  }
  const f = o.filters
  const model = tfl.sequential({ name: 'triplet_cnn' })
  model.add(tfl.layers.conv2d({ name: 'conv1', inputShape: [o.size, o.size, 3], filters: f, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init('conv1') }))
  model.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }))
  model.add(tfl.layers.conv2d({ name: 'conv2', filters: 2 * f, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init('conv2') }))
  model.add(tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }))
  model.add(tfl.layers.conv2d({ name: 'conv3', filters: 4 * f, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init('conv3') }))
  model.add(tfl.layers.flatten({ name: 'flatten' }))
  model.add(head)
  return model
}

/** Divides each row by its L2 norm: [b, d] -> [b, d] unit rows (a zero row stays near zero). */
export function l2Normalise(raw: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(raw, tf.sqrt(tf.add(tf.sum(tf.square(raw), 1, true), 1e-12))) as tf.Tensor2D)
}

/** images [b, size, size, 3] in [0, 1] -> unit embeddings [b, d]. */
export function embed(model: tfl.LayersModel, images: tf.Tensor4D, training = false): tf.Tensor2D {
  return tf.tidy(() => l2Normalise(model.apply(images, { training }) as tf.Tensor2D))
}
