/** Tile of a float32 tensor in C++ (row copies); other dtypes and unusual reps run the cpu kernel. */
import { Tile, util, type KernelConfig, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { NATIVE_MAX_RANK } from './binary'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** x: [...shape] -> [...shape[i] * reps[i]]. */
export function tile(args: KernelArgs<{ x: TensorInfo }, TileAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const x = inputs.x
  const reps = attrs.reps
  const plain = x && x.shape.length <= NATIVE_MAX_RANK && Array.isArray(reps) && reps.length === x.shape.length && reps.every((r) => Number.isInteger(r) && r >= 0)
  const values = plain ? float32Values(backend, x, 'x', 'tile') : null
  if (!values) return runCpu(Tile, args)
  const outShape = x.shape.map((d, i) => d * reps[i])
  const out = outputArray(backend, util.sizeFromShape(outShape))
  if (out.length > 0) loadNativeAddon().tile(values, x.shape, reps, out)
  return backend.makeTensorInfo(outShape, 'float32', out)
}

export const tileConfig: KernelConfig = nativeKernelConfig(Tile, tile)
