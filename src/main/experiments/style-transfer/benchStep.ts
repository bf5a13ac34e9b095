import * as tf from '@tensorflow/tfjs-core'
import type { BenchStepFactory } from '../contract'
import { DEFAULT_LR, type StyleTransferConfig } from './definition'
import { splitLayerList, resolveLayerNames } from './layerNames'
import { loadFeatureModel, type LoadedFeatureModel } from './modelFolder'
import { LBFGS_HISTORY } from './run'
import { StyleSession } from './session'

/**
 * style-transfer's step (the trainer's feature network, losses and optimiser) on random square
 * content and style images [1, size, size, 3] in [0, 1], as the PyTorch peer times it. The
 * network loads on the first step (the factory is synchronous), so time steps after a warm-up.
 * One step is one optimiser iteration: one loss evaluation for Adam, one or more for L-BFGS.
 */
export const styleTransferBenchStep: BenchStepFactory<StyleTransferConfig> = ({ config, seed }) => {
  const c = config
  let model: LoadedFeatureModel | null = null
  let session: StyleSession | null = null
  const open = async (): Promise<StyleSession> => {
    model = await loadFeatureModel(c.network === 'folder' ? c.modelDir : '', c.inputScale)
    const [content, ...style] = resolveLayerNames([c.contentLayer, ...splitLayerList(c.styleLayers)], model.layers, model.format, model.aliases, model.source)
    const images = tf.tidy(() => [
      tf.randomUniform([1, c.size, c.size, 3], 0, 1, 'float32', seed) as tf.Tensor4D,
      tf.randomUniform([1, c.size, c.size, 3], 0, 1, 'float32', seed + 1) as tf.Tensor4D,
    ])
    const opened = new StyleSession(model.net, images[0], images[1], {
      layers: { content, style },
      weights: { content: c.contentWeight, style: c.styleWeight, tv: c.tvWeight },
      optimizer: c.optimizer,
      lr: c.lr > 0 ? c.lr : DEFAULT_LR[c.optimizer],
      history: LBFGS_HISTORY,
      init: c.init,
      seed,
    })
    tf.dispose(images)
    return opened
  }
  return {
    description: `${c.optimizer} on ${c.size}x${c.size} px pixels, ${c.network === 'folder' ? c.modelDir : 'CenterNet MobileNetV3 backbone'}, content ${c.contentLayer}, ${splitLayerList(c.styleLayers).length} style layers`,
    step: async () => {
      session ??= await open()
      session.step()
    },
    dispose: () => {
      session?.dispose()
      ;(model as LoadedFeatureModel | null)?.dispose()
    },
  }
}
