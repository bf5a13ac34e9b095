/**
 * A style-transfer run from its config to its end, against a small output interface (metrics,
 * images, log, stop flag) that the trainer maps onto the training process. Every check that can
 * fail (model folder, layer names, images, size) runs in prepare(), before the first step.
 */
import * as tf from '@tensorflow/tfjs-core'
import { IMAGE_SERIES, METRICS } from './names'
import { DEFAULT_LR, type StyleTransferConfig } from './definition'
import { encodePng, readInputImage, type RgbImage } from './images'
import { splitLayerList, resolveLayerNames } from './layerNames'
import { loadFeatureModel, type LoadedFeatureModel } from './modelFolder'
import type { LayerChoice } from './objective'
import { checkActivationSizes, StyleSession, toImageTensor } from './session'

/** Image series a run writes (the two inputs once, the result every `imageEvery` steps) and its metrics. */
export { IMAGE_SERIES, METRICS }

export interface RunOutputs {
  metric(name: string, step: number, value: number, epoch?: number): void
  progress(step: number, total: number): void
  image(series: string, step: number, png: Uint8Array, caption: string): void
  log(line: string): void
  shouldStop(): boolean
}

export interface PreparedRun {
  model: LoadedFeatureModel
  layers: LayerChoice
  content: RgbImage
  style: RgbImage
  /** Layer label (conv_4 ...) by resolved name, for messages and captions. */
  labels: Record<string, string>
}

/** L-BFGS history size m (PyTorch's default is 100; 10 pairs keep 20 image-sized vectors). */
export const LBFGS_HISTORY = 10

/** Loads and checks everything a run needs; throws with a message naming the problem. */
export async function prepare(config: StyleTransferConfig): Promise<PreparedRun> {
  if (config.network === 'folder' && config.modelDir.trim() === '') {
    throw new Error(
      'network=folder needs modelDir: a folder with a TF.js model (model.json and weights). No VGG19 weights ship with Benchtop; convert one (e.g. Keras\' VGG19 with tensorflowjs_converter --input_format keras) and pass --set modelDir=PATH, or use network=centernet',
    )
  }
  const contentLayers = splitLayerList(config.contentLayer)
  if (contentLayers.length !== 1) throw new Error(`contentLayer must name exactly one layer, got '${config.contentLayer}'`)
  const styleLayers = splitLayerList(config.styleLayers)
  if (styleLayers.length === 0) throw new Error('styleLayers must name at least one layer')
  const [content, style] = await Promise.all([readInputImage(config.content, 'content', config.size), readInputImage(config.style, 'style', config.size)])
  const model = await loadFeatureModel(config.network === 'folder' ? config.modelDir : '', config.inputScale)
  try {
    const [contentLayer, ...resolvedStyle] = resolveLayerNames([contentLayers[0], ...styleLayers], model.layers, model.format, model.aliases, model.source)
    const layers: LayerChoice = { content: contentLayer, style: resolvedStyle }
    const labels: Record<string, string> = {}
    ;[contentLayers[0], ...styleLayers].forEach((label, i) => {
      const name = i === 0 ? contentLayer : resolvedStyle[i - 1]
      labels[name] = label === name ? name : `${label} (${name})`
    })
    if (model.fixedSize && (model.fixedSize[0] !== content.height || model.fixedSize[1] !== content.width)) {
      throw new Error(
        `${model.source} only takes ${model.fixedSize[1]}x${model.fixedSize[0]} images (its classifier head fixes the size), but the content image is ${content.width}x${content.height} at size ${config.size}: convert the model without its head (Keras include_top=False)`,
      )
    }
    const probe = toImageTensor(content)
    try {
      checkActivationSizes(model.net, layers, probe, labels)
    } finally {
      probe.dispose()
    }
    return { model, layers, content, style, labels }
  } catch (error) {
    model.dispose()
    throw error
  }
}

/** Runs the optimisation; returns how it ended. Disposes the prepared model. */
export async function runStyleTransfer(config: StyleTransferConfig, seed: number, prepared: PreparedRun, out: RunOutputs): Promise<'completed' | 'cancelled'> {
  const { model, layers, content, style } = prepared
  const lr = config.lr > 0 ? config.lr : DEFAULT_LR[config.optimizer]
  out.log(
    `style transfer on ${model.source} (input ${model.scale}): ${content.width}x${content.height} px, content ${prepared.labels[layers.content]}, ` +
      `style ${layers.style.map((l) => prepared.labels[l]).join(', ')}; ${config.optimizer} lr ${lr}, ${config.steps} steps`,
  )
  out.image(IMAGE_SERIES.content, 0, await encodePng(content), `content: ${config.content}`)
  out.image(IMAGE_SERIES.style, 0, await encodePng(style), `style: ${config.style}`)
  const contentTensor = toImageTensor(content)
  const styleTensor = toImageTensor(style)
  let session: StyleSession | null = null
  try {
    session = new StyleSession(model.net, contentTensor, styleTensor, {
      layers,
      weights: { content: config.contentWeight, style: config.styleWeight, tv: config.tvWeight },
      optimizer: config.optimizer,
      lr,
      history: LBFGS_HISTORY,
      init: config.init,
      seed,
    })
    tf.dispose([contentTensor, styleTensor])
    let stalled = 0
    let last = { step: 0, value: NaN }
    for (let step = 1; step <= config.steps; step++) {
      if (out.shouldStop()) {
        out.image(IMAGE_SERIES.result, step - 1, await encodePng(session.image()), `result at step ${step - 1} (cancelled)`)
        return 'cancelled'
      }
      const report = session.step()
      if (!Number.isFinite(report.value)) throw new Error(`the loss became ${report.value} at step ${step}; lower lr or the weights`)
      out.metric(METRICS.total, step, report.value)
      last = { step, value: report.value }
      if (report.parts) {
        out.metric(METRICS.content, step, report.parts.content)
        out.metric(METRICS.style, step, report.parts.style)
        out.metric(METRICS.tv, step, report.parts.tv)
      }
      out.progress(step, config.steps)
      stalled = report.stalled ? stalled + 1 : 0
      const final = step === config.steps || stalled >= 3
      if (step % config.imageEvery === 0 || final) {
        out.image(IMAGE_SERIES.result, step, await encodePng(session.image()), `step ${step}: loss ${report.value.toPrecision(4)}`)
      }
      if (stalled >= 3) {
        out.log(`stopped at step ${step}: the line search found no decrease three times (converged)`)
        break
      }
    }
    if (last.step > 0) out.metric(METRICS.final, last.step, last.value, 1)
    out.log(`done: ${session.evaluations} loss evaluations`)
    return 'completed'
  } finally {
    session?.dispose()
    tf.dispose([contentTensor, styleTensor])
    model.dispose()
  }
}
