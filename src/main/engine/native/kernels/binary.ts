/**
 * Binary element-wise kernels with broadcasting (Add, Sub, Multiply, RealDiv, Maximum, Minimum,
 * SquaredDifference, Pow, Prelu, EluGrad) in C++. Float32 inputs only: other dtypes (int32,
 * bool, complex64, string) run the cpu kernel, which also keeps its exact output dtype rules.
 * Shapes that do not broadcast throw tfjs's own error (backend_util.assertAndGetBroadcastShape).
 */
import {
  Add,
  backend_util,
  EluGrad,
  Maximum,
  Minimum,
  Multiply,
  Pow,
  Prelu,
  RealDiv,
  SquaredDifference,
  Sub,
  util,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon, NATIVE_BINARY_OPS } from '../addon'
import { float32Values, runCpu, sameShape, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** The addon's limit on ranks (native/binding_elementwise.cc); higher ranks use the cpu kernel. */
export const NATIVE_MAX_RANK = 64

/**
 * op(a, b) broadcast to their common shape, or null when an input is not a plain float32 tensor.
 * a: [...aShape], b: [...bShape] -> [...broadcast(aShape, bShape)], float32.
 */
export function nativeBinary(backend: MathBackendCPU, op: number, a: TensorInfo, b: TensorInfo, opName: string): TensorInfo | null {
  const aValues = float32Values(backend, a, 'a', opName)
  const bValues = float32Values(backend, b, 'b', opName)
  if (!aValues || !bValues || a.shape.length > NATIVE_MAX_RANK || b.shape.length > NATIVE_MAX_RANK) return null
  const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape)
  const out = outputArray(backend, util.sizeFromShape(outShape))
  if (out.length > 0) loadNativeAddon().binary(op, aValues, a.shape, bValues, b.shape, out)
  return backend.makeTensorInfo(outShape, 'float32', out)
}

function binaryConfig(kernelName: string, op: number, inputNames: readonly [string, string], sameShapeOnly = false): KernelConfig {
  const kernelFunc = (args: KernelArgs<Record<string, TensorInfo>, unknown>): TensorInfo => {
    const a = args.inputs[inputNames[0]]
    const b = args.inputs[inputNames[1]]
    if (!a || !b || (sameShapeOnly && !sameShape(a.shape, b.shape))) return runCpu(kernelName, args)
    return nativeBinary(args.backend, op, a, b, kernelName) ?? runCpu(kernelName, args)
  }
  return nativeKernelConfig(kernelName, kernelFunc)
}

const AB = ['a', 'b'] as const

export const BINARY_KERNELS: readonly KernelConfig[] = [
  binaryConfig(Add, NATIVE_BINARY_OPS.Add, AB),
  binaryConfig(Sub, NATIVE_BINARY_OPS.Sub, AB),
  binaryConfig(Multiply, NATIVE_BINARY_OPS.Multiply, AB),
  binaryConfig(RealDiv, NATIVE_BINARY_OPS.RealDiv, AB),
  binaryConfig(Maximum, NATIVE_BINARY_OPS.Maximum, AB),
  binaryConfig(Minimum, NATIVE_BINARY_OPS.Minimum, AB),
  binaryConfig(SquaredDifference, NATIVE_BINARY_OPS.SquaredDifference, AB),
  binaryConfig(Pow, NATIVE_BINARY_OPS.Pow, AB),
  binaryConfig(Prelu, NATIVE_BINARY_OPS.Prelu, ['x', 'alpha']),
  // The cpu kernel walks y and dy in step: only same-shape pairs are well defined.
  binaryConfig(EluGrad, NATIVE_BINARY_OPS.EluGrad, ['dy', 'y'], true),
]
