/** Conv2DBackpropInput (the input gradient, and conv2dTranspose): sgemm dy x W^T, then col2im, in C++. */
import {
  Conv2DBackpropInput,
  util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { prepareConvGradient } from './convGradient'
import { runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

const OP = 'conv2dDerInput'

export function conv2DBackpropInput(args: KernelArgs<Conv2DBackpropInputInputs, Conv2DBackpropInputAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
  const setup = prepareConvGradient(backend, {
    op: OP,
    attrs,
    operands: [
      ['dy', dy],
      ['filter', filter],
    ],
    dy,
    shapeAttr: ['inputShape', attrs.inputShape],
    shapes(inputShape) {
      if (inputShape[3] !== filter.shape[2]) {
        throw new Error(`Error in ${OP}: depth of input (${inputShape[3]}) must match input depth for filter ${filter.shape[2]}.`)
      }
      if (dy.shape[3] !== filter.shape[3]) {
        throw new Error(`Error in ${OP}: depth of output (${dy.shape[3]}) must match output depth for filter ${filter.shape[3]}.`)
      }
      return { inShape: inputShape, filterShape: filter.shape as [number, number, number, number] }
    },
  })
  if (!setup) return runCpu(Conv2DBackpropInput, args)
  const { values, convInfo, geometry } = setup
  const dx = outputArray(backend, util.sizeFromShape(convInfo.inShape))
  loadNativeAddon().conv2dBackpropInput(values[0], values[1], dx, geometry)
  return backend.makeTensorInfo(convInfo.inShape, 'float32', dx)
}

export const conv2DBackpropInputConfig: KernelConfig = nativeKernelConfig(Conv2DBackpropInput, conv2DBackpropInput)
