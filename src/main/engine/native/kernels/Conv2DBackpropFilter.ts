/** Conv2DBackpropFilter (the filter gradient): im2col(x), then sgemm col^T x dy, in C++. */
import {
  backend_util,
  Conv2DBackpropFilter,
  util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { assertRank, convGeometry, float32Values, NATIVE_BACKEND, runCpu, sameShape, type KernelArgs } from './util'

const OP = 'conv2dDerFilter'

export function conv2DBackpropFilter(args: KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs
  const format = backend_util.convertConv2DDataFormat(dataFormat)
  if (format !== 'channelsLast') return runCpu(Conv2DBackpropFilter, args)
  assertRank(x, 4, 'x', OP)
  assertRank(dy, 4, 'dy', OP)
  if (!Array.isArray(filterShape) || filterShape.length !== 4) throw new Error(`Error in ${OP}: filterShape must be of length 4, got [${filterShape}]`)
  if (x.shape[3] !== filterShape[2]) {
    throw new Error(`Error in ${OP}: depth of input ${x.shape[3]}) must match input depth in filter (${filterShape[2]}.`)
  }
  if (dy.shape[3] !== filterShape[3]) {
    throw new Error(`Error in ${OP}: depth of dy (${dy.shape[3]}) must match output depth for filter (${filterShape[3]}).`)
  }
  const xValues = float32Values(backend, x, 'x', OP)
  const dyValues = float32Values(backend, dy, 'dy', OP)
  if (!xValues || !dyValues) return runCpu(Conv2DBackpropFilter, args)
  const convInfo = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format)
  if (!sameShape(dy.shape, convInfo.outShape)) return runCpu(Conv2DBackpropFilter, args)
  const dw = new Float32Array(util.sizeFromShape(convInfo.filterShape))
  loadNativeAddon().conv2dBackpropFilter(xValues, dyValues, dw, convGeometry(convInfo, OP))
  return backend.makeTensorInfo(convInfo.filterShape, 'float32', dw)
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: NATIVE_BACKEND,
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
}
