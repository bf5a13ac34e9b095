/**
 * The two depthwise gradient kernels (DepthwiseConv2dNativeBackpropInput: dy and filter plus an
 * `inputShape` attribute; DepthwiseConv2dNativeBackpropFilter: x and dy plus a `filterShape`
 * attribute) in C++. The cpu kernels they replace ignore dilations in their loops (tfjs-core's
 * gradient refuses dilations above 1 before reaching them), and check no shapes; any such call
 * (dilation above 1, a dy that is not the forward output's shape, channels that disagree,
 * non-float32 operands) runs the cpu kernel, so its result stays tfjs's.
 */
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  util,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import type { ConvGeometry } from '../addon'
import { loadNativeAddon } from '../addon'
import { convGeometry, float32Values, runCpu, sameShape, type KernelArgs, outputArray, nativeKernelConfig } from './util'

type Shape4 = [number, number, number, number]
type GradientAttrs = Pick<DepthwiseConv2dNativeBackpropInputAttrs, 'strides' | 'dilations' | 'pad' | 'dimRoundingMode'>

function isShape4(shape: unknown): shape is Shape4 {
  return Array.isArray(shape) && shape.length === 4 && shape.every((d) => Number.isInteger(d) && d >= 0)
}

function dilationsAreOne(dilations: GradientAttrs['dilations'] | undefined): boolean {
  return dilations == null || backend_util.tupleValuesAreOne(dilations)
}

/**
 * The geometry of the forward depthwise convolution x [inShape] * filter [filterShape], or null
 * when the native kernel must not run (see the file comment).
 */
function gradientGeometry(op: string, attrs: GradientAttrs, inShape: unknown, filterShape: unknown, dy: TensorInfo): { geometry: ConvGeometry; convInfo: backend_util.Conv2DInfo } | null {
  if (!dilationsAreOne(attrs.dilations) || !isShape4(inShape) || !isShape4(filterShape) || dy.shape.length !== 4) return null
  if (inShape[3] !== filterShape[2]) return null
  const convInfo = backend_util.computeConv2DInfo(inShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true)
  if (!sameShape(dy.shape, convInfo.outShape)) return null
  return { geometry: convGeometry(convInfo, op), convInfo }
}

export function depthwiseConv2dNativeBackpropInput(args: KernelArgs<DepthwiseConv2dNativeBackpropInputInputs, DepthwiseConv2dNativeBackpropInputAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
  const op = 'depthwiseConv2dNativeBackpropInput'
  const setup = filter.shape.length === 4 ? gradientGeometry(op, attrs, attrs.inputShape, filter.shape, dy) : null
  const dyValues = setup ? float32Values(backend, dy, 'dy', op) : null
  const filterValues = setup ? float32Values(backend, filter, 'filter', op) : null
  if (!setup || !dyValues || !filterValues) return runCpu(DepthwiseConv2dNativeBackpropInput, args)
  const dx = outputArray(backend, util.sizeFromShape(setup.convInfo.inShape))
  loadNativeAddon().depthwiseConv2dBackpropInput(dyValues, filterValues, dx, setup.geometry)
  return backend.makeTensorInfo(setup.convInfo.inShape, 'float32', dx)
}

export function depthwiseConv2dNativeBackpropFilter(args: KernelArgs<DepthwiseConv2dNativeBackpropFilterInputs, DepthwiseConv2dNativeBackpropFilterAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const op = 'depthwiseConv2dNativeBackpropFilter'
  const setup = x.shape.length === 4 ? gradientGeometry(op, attrs, x.shape, attrs.filterShape, dy) : null
  const xValues = setup ? float32Values(backend, x, 'x', op) : null
  const dyValues = setup ? float32Values(backend, dy, 'dy', op) : null
  if (!setup || !xValues || !dyValues) return runCpu(DepthwiseConv2dNativeBackpropFilter, args)
  const dw = outputArray(backend, util.sizeFromShape(setup.convInfo.filterShape))
  loadNativeAddon().depthwiseConv2dBackpropFilter(xValues, dyValues, dw, setup.geometry)
  return backend.makeTensorInfo(setup.convInfo.filterShape, 'float32', dw)
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = nativeKernelConfig(DepthwiseConv2dNativeBackpropInput, depthwiseConv2dNativeBackpropInput)

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = nativeKernelConfig(DepthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropFilter)
