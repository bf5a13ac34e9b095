/**
 * The argument and geometry handling shared by the two Conv2D gradient kernels
 * (Conv2DBackpropInput: dy and filter tensors plus an `inputShape` attribute;
 * Conv2DBackpropFilter: x and dy tensors plus a `filterShape` attribute): NHWC only, rank checks,
 * the shape attribute's length, the kernel's own depth checks, float32 values, the forward
 * convolution's geometry (dilation 1, as tfjs's cpu kernels assume) and dy's shape against it.
 */
import { backend_util, type Conv2DBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import type { ConvGeometry } from '../addon'
import { assertRank, convGeometry, float32Values, sameShape } from './util'

export type Shape4 = [number, number, number, number]

/** The attributes both gradient kernels read besides their shape attribute. */
export type ConvGradientAttrs = Pick<Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>

export interface ConvGradientCall {
  /** The op name in error messages. */
  op: string
  attrs: ConvGradientAttrs
  /** The two tensor operands with their argument names, in the order the C++ call takes them; each must be rank 4. */
  operands: readonly [readonly [string, TensorInfo], readonly [string, TensorInfo]]
  /** The incoming gradient (one of `operands`): must have the forward convolution's output shape. */
  dy: TensorInfo
  /** The shape attribute (`inputShape` or `filterShape`) and its name: must be 4 long. */
  shapeAttr: readonly [string, unknown]
  /**
   * The forward convolution's input shape [b, h, w, in] and filter shape [fh, fw, in, out], given
   * the shape attribute; throws (with tfjs's message for this kernel) when channel depths disagree.
   */
  shapes(shape: Shape4): { inShape: Shape4; filterShape: Shape4 }
}

export interface ConvGradientSetup {
  /** The float32 values of `operands`, in the same order. */
  values: [Float32Array, Float32Array]
  convInfo: backend_util.Conv2DInfo
  /** `convInfo` checked and packed for the addon. */
  geometry: ConvGeometry
}

/**
 * Checks a gradient kernel call and returns what the native call needs, or null when the cpu
 * kernel must handle it (NCHW, operands that are not plain float32 tensors, or a dy that is not
 * the forward output's shape, such as a conv2dTranspose with an odd outputShape: the cpu kernel
 * defines what that means). Throws on inconsistent shapes.
 */
export function prepareConvGradient(backend: MathBackendCPU, call: ConvGradientCall): ConvGradientSetup | null {
  const { op, attrs, operands, dy } = call
  const format = backend_util.convertConv2DDataFormat(attrs.dataFormat)
  if (format !== 'channelsLast') return null
  for (const [name, t] of operands) assertRank(t, 4, name, op)
  const [shapeName, shape] = call.shapeAttr
  if (!Array.isArray(shape) || shape.length !== 4) throw new Error(`Error in ${op}: ${shapeName} must be of length 4, got [${shape}]`)
  const { inShape, filterShape } = call.shapes(shape as Shape4)
  const a = float32Values(backend, operands[0][1], operands[0][0], op)
  const b = float32Values(backend, operands[1][1], operands[1][0], op)
  if (!a || !b) return null
  const convInfo = backend_util.computeConv2DInfo(inShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, format)
  if (!sameShape(dy.shape, convInfo.outShape)) return null
  return { values: [a, b], convInfo, geometry: convGeometry(convInfo, op) }
}
