/**
 * DepthwiseConv2dNative: the depthwise convolution in C++ (NHWC float32, any channel multiplier,
 * strides or dilations), split over the kernels' thread pool. NCHW, other dtypes and calls the cpu
 * kernel refuses (strides and dilations both above 1) go to the cpu kernel.
 */
import {
  backend_util,
  DepthwiseConv2dNative,
  type DepthwiseConv2dNativeAttrs,
  type DepthwiseConv2dNativeInputs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { convForwardRunner, type NativeConvForward } from './Conv2D'
import { assertRank, runCpu, type KernelArgs, nativeKernelConfig } from './util'

/** The attributes the forward kernels (plain and fused) read. */
export type DepthwiseForwardAttrs = Pick<DepthwiseConv2dNativeAttrs, 'strides' | 'pad' | 'dataFormat' | 'dilations' | 'dimRoundingMode'>

/**
 * Checks a DepthwiseConv2dNative/FusedDepthwiseConv2D call and returns a runner for it, or null
 * when the cpu kernel must handle it. x is [b, h, w, in], filter [fh, fw, in, multiplier]; the
 * output has in * multiplier channels. Throws on inconsistent shapes.
 */
export function prepareDepthwiseForward(
  backend: MathBackendCPU,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: DepthwiseForwardAttrs,
  op: string,
): NativeConvForward | null {
  if (attrs.dataFormat === 'NCHW') return null
  const dilations = attrs.dilations ?? [1, 1]
  if (!backend_util.eitherStridesOrDilationsAreOne(attrs.strides, dilations)) return null // the cpu kernel's error
  assertRank(x, 4, 'x', op)
  assertRank(filter, 4, 'filter', op)
  if (x.shape[3] !== filter.shape[2]) {
    throw new Error(`Error in ${op}: number of input channels (${x.shape[3]}) must match the inChannels dimension in filter ${filter.shape[2]}.`)
  }
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  )
  return convForwardRunner(backend, x, filter, convInfo, op, 'depthwiseConv2d')
}

export function depthwiseConv2dNative(args: KernelArgs<DepthwiseConv2dNativeInputs, DepthwiseConv2dNativeAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo }
  const forward = prepareDepthwiseForward(backend, x, filter, attrs, 'depthwiseConv2d')
  if (!forward) return runCpu(DepthwiseConv2dNative, args)
  return forward.run(null, 0, 0)
}

export const depthwiseConv2dNativeConfig: KernelConfig = nativeKernelConfig(DepthwiseConv2dNative, depthwiseConv2dNative)
