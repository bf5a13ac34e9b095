/**
 * The gradient of FusedBatchNorm (tf.batchNorm) as one native kernel. tfjs-core builds it from
 * about 25 kernels (sub, mul, rsqrt, tile, four sums and their reshapes); `BenchtopFusedBatchNormGrad`
 * computes dx, dmean, dvariance, dscale and doffset in one pass over dy and x.
 *
 * Gradients are registered per kernel name for every backend, so this module wraps tfjs-core's
 * FusedBatchNorm gradient: on the native backend, for the shapes tf.batchNorm gives it (x
 * [N, H, W, C]; mean, variance and scale [P], P = C or 1), it runs the native kernel; everywhere
 * else it calls tfjs-core's gradient unchanged.
 */
import {
  engine,
  FusedBatchNorm,
  getBackend,
  getGradient,
  registerGradient,
  type GradConfig,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { float32Values, NATIVE_BACKEND, type KernelArgs, outputArray, nativeKernelConfig } from './util'

export const FUSED_BATCH_NORM_GRAD = 'BenchtopFusedBatchNormGrad'

interface GradInputs {
  dy: TensorInfo
  x: TensorInfo
  mean: TensorInfo
  variance: TensorInfo
  scale?: TensorInfo
}

/** [dx (x's shape), dmean, dvariance, dscale, doffset (mean's shape each)]; scale absent means 1. */
export function fusedBatchNormGrad(args: KernelArgs<GradInputs, { varianceEpsilon: number }>): TensorInfo[] {
  const { backend, attrs } = args
  const { dy, x, mean, variance, scale } = args.inputs
  const values = ([['dy', dy], ['x', x], ['mean', mean], ['variance', variance], ['scale', scale]] as const).map(([name, t]) =>
    t ? float32Values(backend, t, name, FUSED_BATCH_NORM_GRAD) : null,
  )
  const [dyV, xV, meanV, varianceV, scaleV] = values
  if (!dyV || !xV || !meanV || !varianceV || (scale && !scaleV)) throw new Error(`Error in ${FUSED_BATCH_NORM_GRAD}: every input must be a float32 tensor`)
  const channels = meanV.length
  const dx = outputArray(backend, xV.length)
  const params = [0, 1, 2, 3].map(() => new Float32Array(channels))
  loadNativeAddon().batchNormGrad(dyV, xV, meanV, varianceV, scaleV, dx, params[0], params[1], params[2], params[3], attrs.varianceEpsilon)
  return [backend.makeTensorInfo(x.shape, 'float32', dx), ...params.map((p) => backend.makeTensorInfo(mean.shape, 'float32', p))]
}

export const fusedBatchNormGradConfig: KernelConfig = nativeKernelConfig(FUSED_BATCH_NORM_GRAD, fusedBatchNormGrad)

/** Whether the native kernel computes what tfjs-core's gradient would for these saved inputs. */
function nativeFits(dy: Tensor, x: Tensor, mean: Tensor, variance: Tensor, scale: Tensor | undefined): boolean {
  if (getBackend() !== NATIVE_BACKEND || x.rank !== 4 || mean.rank !== 1) return false
  if ([dy, x, mean, variance, scale].some((t) => t != null && t.dtype !== 'float32')) return false
  const p = mean.shape[0]
  const sameAsMean = (t: Tensor | undefined) => t == null || (t.rank === 1 && t.shape[0] === p)
  return p > 0 && (p === 1 || p === x.shape[3]) && sameAsMean(variance) && sameAsMean(scale) && dy.size === x.size
}

const WRAPPED = Symbol('benchtop native batch-norm gradient')

/**
 * Wraps the FusedBatchNorm gradient registered now (tfjs-core's, registered when '@tensorflow/tfjs'
 * loads) unless it is already wrapped. Called when the backend registers and by the forward kernel,
 * so a gradient registered again later (a second load of the umbrella package) is wrapped again.
 */
export function ensureNativeBatchNormGradient(): void {
  const original = getGradient(FusedBatchNorm)
  if (!original || (original as GradConfig & { [WRAPPED]?: true })[WRAPPED]) return
  const wrapped: GradConfig & { [WRAPPED]: true } = {
    ...original,
    [WRAPPED]: true,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, mean, variance, scale] = saved
      if (Array.isArray(dy) || !nativeFits(dy, x, mean, variance, scale ?? undefined)) return original.gradFunc(dy, saved, attrs)
      // Run now, not inside the per-input closures: the tape calls each closure in its own tidy,
      // which would dispose the kernel's other outputs. The ones no input asks for are disposed
      // with the backward pass's scope.
      const inputs: NamedTensorMap = scale ? { dy, x, mean, variance, scale } : { dy, x, mean, variance }
      const [dx, dmean, dvariance, dscale, doffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, {
        varianceEpsilon: (attrs as { varianceEpsilon: number }).varianceEpsilon,
      }) as Tensor[]
      return { x: () => dx, mean: () => dmean, variance: () => dvariance, scale: () => dscale, offset: () => doffset }
    },
  }
  registerGradient(wrapped)
}
