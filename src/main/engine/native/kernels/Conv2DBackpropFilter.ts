/** Conv2DBackpropFilter (the filter gradient): im2col(x), then sgemm col^T x dy, in C++. */
import {
  Conv2DBackpropFilter,
  util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { prepareConvGradient } from './convGradient'
import { runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

const OP = 'conv2dDerFilter'

export function conv2DBackpropFilter(args: KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const setup = prepareConvGradient(backend, {
    op: OP,
    attrs,
    operands: [
      ['x', x],
      ['dy', dy],
    ],
    dy,
    shapeAttr: ['filterShape', attrs.filterShape],
    shapes(filterShape) {
      if (x.shape[3] !== filterShape[2]) {
        throw new Error(`Error in ${OP}: depth of input ${x.shape[3]}) must match input depth in filter (${filterShape[2]}.`)
      }
      if (dy.shape[3] !== filterShape[3]) {
        throw new Error(`Error in ${OP}: depth of dy (${dy.shape[3]}) must match output depth for filter (${filterShape[3]}).`)
      }
      return { inShape: x.shape as [number, number, number, number], filterShape }
    },
  })
  if (!setup) return runCpu(Conv2DBackpropFilter, args)
  const { values, convInfo, geometry } = setup
  const dw = outputArray(backend, util.sizeFromShape(convInfo.filterShape))
  loadNativeAddon().conv2dBackpropFilter(values[0], values[1], dw, geometry)
  return backend.makeTensorInfo(convInfo.filterShape, 'float32', dw)
}

export const conv2DBackpropFilterConfig: KernelConfig = nativeKernelConfig(Conv2DBackpropFilter, conv2DBackpropFilter)
