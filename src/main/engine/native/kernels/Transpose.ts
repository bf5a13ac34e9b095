/** Transpose of a float32 tensor in C++ (row copies or strided gathers); other dtypes run the cpu kernel. */
import { Transpose, util, type KernelConfig, type TensorInfo, type TransposeAttrs } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { NATIVE_MAX_RANK } from './binary'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

function isPermutation(perm: readonly number[], rank: number): boolean {
  return perm.length === rank && new Set(perm).size === rank && perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank)
}

/** x: [...shape] -> [shape[perm[0]], shape[perm[1]], ...]. */
export function transpose(args: KernelArgs<{ x: TensorInfo }, TransposeAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const x = inputs.x
  const perm = attrs.perm
  const plain = x && x.shape.length <= NATIVE_MAX_RANK && Array.isArray(perm) && isPermutation(perm, x.shape.length)
  const values = plain ? float32Values(backend, x, 'x', 'transpose') : null
  if (!values) return runCpu(Transpose, args)
  const outShape = perm.map((p) => x.shape[p])
  const out = outputArray(backend, util.sizeFromShape(outShape))
  if (out.length > 0) loadNativeAddon().transpose(values, x.shape, perm, out)
  return backend.makeTensorInfo(outShape, 'float32', out)
}

export const transposeConfig: KernelConfig = nativeKernelConfig(Transpose, transpose)
