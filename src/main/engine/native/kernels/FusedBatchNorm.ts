/**
 * FusedBatchNorm (tf.batchNorm, inference form: mean and variance given) in C++, float32:
 * out = offset + (x - mean) * scale / sqrt(variance + varianceEpsilon), computed in double as the
 * cpu kernel does. The cpu kernel indexes every parameter cyclically (element i uses
 * mean[i % mean.length]), which is broadcasting along the last axis when a parameter has 1 or C
 * values; native does exactly that. Parameters of other lengths (or other dtypes) go to the cpu kernel.
 */
import { FusedBatchNorm, type FusedBatchNormAttrs, type FusedBatchNormInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { ensureNativeBatchNormGradient } from './FusedBatchNormGrad'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** out has x's shape; mean, variance, offset?, scale? hold 1 or C values, C dividing x's size. */
export function fusedBatchNorm(args: KernelArgs<FusedBatchNormInputs, FusedBatchNormAttrs>): TensorInfo {
  const { backend, attrs } = args
  // The tape looks the gradient up after this kernel returns.
  ensureNativeBatchNormGradient()
  const { x, mean, variance, offset, scale } = args.inputs as { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo; scale?: TensorInfo }
  // The cpu kernel's rank checks (and its error messages) come with the fallback.
  if ([variance, offset, scale].some((p) => p != null && p.shape.length !== mean.shape.length)) return runCpu(FusedBatchNorm, args)
  const xValues = float32Values(backend, x, 'x', 'batchNorm')
  const [m, v, o, s] = [mean, variance, offset, scale].map((p) => (p ? float32Values(backend, p, 'a batch-norm parameter', 'batchNorm') : null))
  const given = [m, v, ...(offset ? [o] : []), ...(scale ? [s] : [])]
  if (!xValues || xValues.length === 0 || !m || !v || given.some((p) => p === null)) return runCpu(FusedBatchNorm, args)
  const channels = Math.max(...given.map((p) => p!.length))
  const lastAxisOrScalar = channels > 0 && xValues.length % channels === 0 && given.every((p) => p!.length === 1 || p!.length === channels)
  if (!lastAxisOrScalar) return runCpu(FusedBatchNorm, args)
  const out = outputArray(backend, xValues.length)
  loadNativeAddon().batchNorm(xValues, m, v, o, s, out, attrs.varianceEpsilon ?? 0.001)
  return backend.makeTensorInfo(x.shape, 'float32', out)
}

export const fusedBatchNormConfig: KernelConfig = nativeKernelConfig(FusedBatchNorm, fusedBatchNorm)
