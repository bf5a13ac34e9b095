/**
 * Batch normalisation in training as one native kernel forward and one backward. tfjs-layers
 * builds it from tf.moments and tf.batchNorm: Mean, Sub, Square, Mean, FusedBatchNorm forward and
 * some fifteen kernels backward, and the Sub and Square outputs (each as large as x) stay alive until
 * the backward pass. Here:
 *
 *   BenchtopBatchNormTraining: x [..., C], scale [C], offset [C]
 *     -> y (x's shape), mean [C], variance [C] (the batch's, biased, as tf.moments gives them),
 *     y = offset + (x - mean) * scale / sqrt(variance + varianceEpsilon).
 *   BenchtopBatchNormTrainingGrad: dy, x, mean, variance, scale, dmean, dvariance
 *     -> dx, dscale, doffset (the mean and variance outputs' gradients included).
 *
 * Registered on the native backend only; the gradient is registered by kernel name. Callers check
 * nativeBatchNormTraining() and keep tfjs-layers' composed ops elsewhere (engine/batchNormalization.ts).
 */
import { engine, getBackend, registerGradient, type KernelConfig, type NamedAttrMap, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon } from '../addon'
import { nativeKernelConfig as config, float32Values, NATIVE_BACKEND, outputArray } from './util'

export const BATCH_NORM_TRAINING = 'BenchtopBatchNormTraining'
export const BATCH_NORM_TRAINING_GRAD = 'BenchtopBatchNormTrainingGrad'

interface Args {
  inputs: Record<string, TensorInfo | undefined>
  backend: MathBackendCPU
  attrs: { varianceEpsilon: number }
}

/** The float32 values of each named input (null where absent and allowed), or a clear error. */
function values(args: Args, names: readonly string[], optional: readonly string[], op: string): (Float32Array | null)[] {
  return names.map((name) => {
    const t = args.inputs[name]
    if (!t && optional.includes(name)) return null
    const v = t ? float32Values(args.backend, t, name, op) : null
    if (!v) throw new Error(`Error in ${op}: ${name} must be a float32 tensor`)
    return v
  })
}

/** C, the last axis of x; checks that every per-channel input has C values. */
function channels(args: Args, names: readonly string[], op: string): number {
  const x = args.inputs.x!
  if (x.shape.length < 2) throw new Error(`Error in ${op}: x must have a batch and a channel axis, but got shape [${x.shape}]`)
  const c = x.shape[x.shape.length - 1]
  for (const name of names) {
    const t = args.inputs[name]
    if (t && (t.shape.length !== 1 || t.shape[0] !== c)) throw new Error(`Error in ${op}: ${name} has shape [${t.shape}], expected [${c}] for x [${x.shape}]`)
  }
  if (c < 1 || x.shape.some((d) => d < 1)) throw new Error(`Error in ${op}: x [${x.shape}] is empty`)
  return c
}

function batchNormTrainingKernel(args: Args): TensorInfo[] {
  const c = channels(args, ['scale', 'offset'], BATCH_NORM_TRAINING)
  const [x, scale, offset] = values(args, ['x', 'scale', 'offset'], ['scale', 'offset'], BATCH_NORM_TRAINING)
  const y = outputArray(args.backend, x!.length)
  const mean = new Float32Array(c)
  const variance = new Float32Array(c)
  loadNativeAddon().batchNormTrain(x!, scale, offset, y, mean, variance, args.attrs.varianceEpsilon)
  const { backend } = args
  return [backend.makeTensorInfo(args.inputs.x!.shape, 'float32', y), backend.makeTensorInfo([c], 'float32', mean), backend.makeTensorInfo([c], 'float32', variance)]
}

function batchNormTrainingGradKernel(args: Args): TensorInfo[] {
  const op = BATCH_NORM_TRAINING_GRAD
  const c = channels(args, ['mean', 'variance', 'scale', 'dmean', 'dvariance'], op)
  const dyInfo = args.inputs.dy
  if (!dyInfo || dyInfo.shape.join() !== args.inputs.x!.shape.join()) throw new Error(`Error in ${op}: dy has shape [${dyInfo?.shape}], expected x's [${args.inputs.x!.shape}]`)
  const [dy, x, mean, variance, scale, dmean, dvariance] = values(args, ['dy', 'x', 'mean', 'variance', 'scale', 'dmean', 'dvariance'], ['scale', 'dmean', 'dvariance'], op)
  const dx = outputArray(args.backend, x!.length)
  const dscale = new Float32Array(c)
  const doffset = new Float32Array(c)
  loadNativeAddon().batchNormTrainGrad(dy!, x!, mean!, variance!, scale, dmean, dvariance, dx, dscale, doffset, args.attrs.varianceEpsilon)
  const { backend } = args
  return [backend.makeTensorInfo(args.inputs.x!.shape, 'float32', dx), backend.makeTensorInfo([c], 'float32', dscale), backend.makeTensorInfo([c], 'float32', doffset)]
}

export const BATCH_NORM_TRAINING_KERNELS: readonly KernelConfig[] = [
  config(BATCH_NORM_TRAINING, batchNormTrainingKernel),
  config(BATCH_NORM_TRAINING_GRAD, batchNormTrainingGradKernel),
]

/**
 * Registers the forward kernel's gradient (idempotent). It runs the backward kernel once, outside
 * the per-input closures: the tape calls each closure in its own tidy, which would dispose the
 * kernel's other outputs.
 */
export function registerBatchNormTrainingGradient(): void {
  registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'scale', 'offset'],
    outputsToSave: [false, true, true],
    gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      // The tape hands zeros for an output no loss reads (mean and variance usually feed only the
      // moving averages, outside the gradient).
      const [dy, dmean, dvariance] = dys as Tensor[]
      const [x, scale, , mean, variance] = saved
      const [dx, dscale, doffset] = engine().runKernel(
        BATCH_NORM_TRAINING_GRAD,
        { dy, x, mean, variance, scale, dmean, dvariance } as NamedTensorMap,
        { varianceEpsilon: (attrs as { varianceEpsilon: number }).varianceEpsilon },
      ) as Tensor[]
      return { x: () => dx, scale: () => dscale, offset: () => doffset }
    },
  })
}

/** Whether the current backend runs these kernels (the native backend). */
export function nativeBatchNormTraining(): boolean {
  return getBackend() === NATIVE_BACKEND
}

/**
 * x [..., C], scale [C], offset [C] -> [y (x's shape), mean [C], variance [C]]: batch normalisation
 * with the batch's own moments over every axis but the last. Native only.
 */
export function batchNormTraining(x: Tensor, scale: Tensor, offset: Tensor, varianceEpsilon: number): [Tensor, Tensor, Tensor] {
  return engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, { varianceEpsilon }) as [Tensor, Tensor, Tensor]
}
