/** Conv2DBackpropInput (the input gradient, and conv2dTranspose): sgemm dy x W^T, then col2im, in C++. */
import {
  backend_util,
  Conv2DBackpropInput,
  util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { assertRank, convGeometry, float32Values, NATIVE_BACKEND, runCpu, sameShape, type KernelArgs } from './util'

const OP = 'conv2dDerInput'

export function conv2DBackpropInput(args: KernelArgs<Conv2DBackpropInputInputs, Conv2DBackpropInputAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs
  const format = backend_util.convertConv2DDataFormat(dataFormat)
  if (format !== 'channelsLast') return runCpu(Conv2DBackpropInput, args)
  assertRank(dy, 4, 'dy', OP)
  assertRank(filter, 4, 'filter', OP)
  if (!Array.isArray(inputShape) || inputShape.length !== 4) throw new Error(`Error in ${OP}: inputShape must be of length 4, got [${inputShape}]`)
  if (inputShape[3] !== filter.shape[2]) {
    throw new Error(`Error in ${OP}: depth of input (${inputShape[3]}) must match input depth for filter ${filter.shape[2]}.`)
  }
  if (dy.shape[3] !== filter.shape[3]) {
    throw new Error(`Error in ${OP}: depth of output (${dy.shape[3]}) must match output depth for filter ${filter.shape[3]}.`)
  }
  const dyValues = float32Values(backend, dy, 'dy', OP)
  const filterValues = float32Values(backend, filter, 'filter', OP)
  if (!dyValues || !filterValues) return runCpu(Conv2DBackpropInput, args)
  // The cpu kernel, like tfjs's, assumes dilation 1 here (the Conv2D gradient refuses dilation > 1).
  const convInfo = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, format)
  // A dy that is not the forward output's shape (a conv2dTranspose with an odd outputShape): the
  // cpu kernel defines what that means.
  if (!sameShape(dy.shape, convInfo.outShape)) return runCpu(Conv2DBackpropInput, args)
  const dx = new Float32Array(util.sizeFromShape(convInfo.inShape))
  loadNativeAddon().conv2dBackpropInput(dyValues, filterValues, dx, convGeometry(convInfo, OP))
  return backend.makeTensorInfo(convInfo.inShape, 'float32', dx)
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: NATIVE_BACKEND,
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
}
