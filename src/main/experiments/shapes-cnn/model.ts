import * as tfl from '@tensorflow/tfjs-layers'

export interface ShapesCnnOptions {
  size: number
  channels?: number
  classes: number
  filters: number
  /** Seeds the glorot-uniform initialisers, so one seed gives one set of initial weights. */
  seed: number
}

/**
 * conv(f,3,same,relu) - maxpool 2 - conv(2f,3,same,relu) - maxpool 2 - flatten - dense(k, softmax).
 * Input [batch, size, size, 3] in [0, 1]; output [batch, classes] class probabilities.
 */
export function buildShapesCnn(options: ShapesCnnOptions): tfl.LayersModel {
  const { size, classes, filters, seed } = options
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset })
  const model = tfl.sequential({ name: 'shapes_cnn' })
  model.add(
    tfl.layers.conv2d({
      inputShape: [size, size, options.channels ?? 3],
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  )
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }))
  model.add(tfl.layers.conv2d({ filters: filters * 2, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }))
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }))
  model.add(tfl.layers.flatten())
  model.add(tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(3) }))
  return model
}
