/** Conv2D: im2col + sgemm in C++ (NHWC float32); NCHW and other dtypes use the cpu kernel. */
import { backend_util, Conv2D, util, type Conv2DAttrs, type Conv2DInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon } from '../addon'
import { assertRank, convGeometry, float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig, type EpilogueRunner } from './util'

/** Runs the convolution with an optional per-channel/scalar bias and an epilogue activation code. */
export type NativeConvForward = EpilogueRunner

/**
 * Checks a Conv2D/FusedConv2D call and returns a runner for it, or null when the cpu kernel must
 * handle it (NCHW, or inputs that are not plain float32 tensors). Throws on inconsistent shapes.
 */
export function prepareConvForward(
  backend: MathBackendCPU,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: Conv2DAttrs,
  op: string,
): NativeConvForward | null {
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat)
  if (dataFormat !== 'channelsLast') return null
  assertRank(x, 4, 'x', op)
  assertRank(filter, 4, 'filter', op)
  if (x.shape[3] !== filter.shape[2]) {
    throw new Error(`Error in ${op}: depth of input (${x.shape[3]}) must match input depth for filter ${filter.shape[2]}.`)
  }
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  )
  return convForwardRunner(backend, x, filter, convInfo, op, 'conv2d')
}

/**
 * The runner of a checked forward convolution (dense or depthwise, as the addon's entry point
 * says), or null when x or the filter is not a plain float32 tensor (the cpu kernel's case).
 */
export function convForwardRunner(
  backend: MathBackendCPU,
  x: TensorInfo,
  filter: TensorInfo,
  convInfo: backend_util.Conv2DInfo,
  op: string,
  entry: 'conv2d' | 'depthwiseConv2d',
): NativeConvForward | null {
  const xValues = float32Values(backend, x, 'x', op)
  const filterValues = float32Values(backend, filter, 'filter', op)
  if (!xValues || !filterValues) return null
  const geometry = convGeometry(convInfo, op)
  return {
    run(bias, activation, leakyreluAlpha) {
      const y = outputArray(backend, util.sizeFromShape(convInfo.outShape))
      loadNativeAddon()[entry](xValues, filterValues, bias, y, geometry, activation, leakyreluAlpha)
      return backend.makeTensorInfo(convInfo.outShape, 'float32', y)
    },
  }
}

export function conv2D(args: KernelArgs<Conv2DInputs, Conv2DAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo }
  const forward = prepareConvForward(backend, x, filter, attrs, 'conv2d')
  if (!forward) return runCpu(Conv2D, args)
  return forward.run(null, 0, 0)
}

export const conv2DConfig: KernelConfig = nativeKernelConfig(Conv2D, conv2D)
