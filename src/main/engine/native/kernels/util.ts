/** Shared by the native kernels: typed-array access, conv geometry, cpu fallbacks, fused epilogues. */
import { backend_util, getKernel, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { NATIVE_ACTIVATIONS, type ConvGeometry } from '../addon'
import { RecyclingCpuBackend } from '../recyclingBackend'

export const NATIVE_BACKEND = 'native'

export interface KernelArgs<I, A> {
  inputs: I
  backend: MathBackendCPU
  attrs: A
}

/** The native backend's config for a kernel function taking its own argument type (Benchtop's own kernels). */
export function nativeKernelConfig<A>(kernelName: string, fn: (args: A) => TensorInfo | TensorInfo[]): KernelConfig {
  return { kernelName, backendName: NATIVE_BACKEND, kernelFunc: fn as unknown as KernelFunc }
}

/** The cpu backend's own kernel, run on native's storage (the same MathBackendCPU layout). */
export function cpuKernel(name: string): KernelFunc {
  const config = getKernel(name, 'cpu')
  if (!config) throw new Error(`the cpu backend has no ${name} kernel to fall back to`)
  return config.kernelFunc
}

/** Runs the cpu kernel `name` on these arguments: the exact tfjs semantics for cases native does not cover. */
export function runCpu(name: string, args: { inputs: unknown; backend: MathBackendCPU; attrs?: unknown }): TensorInfo {
  return cpuKernel(name)({
    inputs: args.inputs as NamedTensorInfoMap,
    backend: args.backend,
    attrs: (args.attrs ?? {}) as NamedAttrMap,
  }) as TensorInfo
}

/**
 * A float32 array of `length` elements for a kernel's output, from the native backend's free list
 * where it has one (see recyclingBackend.ts): its old values are still there, so the kernel must
 * write every element, store it in exactly one output tensor (backend.makeTensorInfo) and keep no
 * reference to it.
 */
export function outputArray(backend: MathBackendCPU, length: number): Float32Array {
  return backend instanceof RecyclingCpuBackend ? backend.outputArray(length) : new Float32Array(length)
}

/** The tensor's float32 values, or null when it is not a plain float32 tensor (the caller falls back to cpu). */
export function float32Values(backend: MathBackendCPU, t: TensorInfo, name: string, op: string): Float32Array | null {
  if (t.dtype !== 'float32') return null
  const values = backend.data.get(t.dataId)?.values
  if (!(values instanceof Float32Array)) return null
  const size = util.sizeFromShape(t.shape)
  if (values.length !== size) {
    throw new Error(`Error in ${op}: ${name} of shape [${t.shape}] holds ${values.length} values, expected ${size}`)
  }
  return values
}

export function assertRank(t: TensorInfo, rank: number, name: string, op: string): void {
  if (t.shape.length !== rank) throw new Error(`Error in ${op}: ${name} must be rank ${rank}, but got rank ${t.shape.length} (shape [${t.shape}])`)
}

/** Checks what computeConv2DInfo produced before it reaches C++ (NHWC only). */
export function convGeometry(info: backend_util.Conv2DInfo, op: string): ConvGeometry {
  const geometry: ConvGeometry = [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]
  assertGeometry(geometry, GEOMETRY_NAMES, { positiveFrom: 7, signedFrom: 13 }, `Error in ${op}: invalid convolution geometry`)
  return geometry
}

/**
 * Checks a geometry before it reaches C++ as int32s: sizes (the values before `positiveFrom`)
 * are whole numbers from 0, window sizes and steps (up to `signedFrom`) from 1, and paddings
 * (from `signedFrom` on) may be negative. `names` name the values in the error.
 */
export function assertGeometry(values: readonly number[], names: readonly string[], bounds: { positiveFrom: number; signedFrom: number }, error: string): void {
  values.forEach((value, i) => {
    const min = i >= bounds.signedFrom ? -(2 ** 31) : i >= bounds.positiveFrom ? 1 : 0
    if (!Number.isInteger(value) || value < min || value > 2 ** 31) {
      throw new Error(`${error} (${names[i]} = ${value})`)
    }
  })
}

const GEOMETRY_NAMES = [
  'batch',
  'inHeight',
  'inWidth',
  'inChannels',
  'outHeight',
  'outWidth',
  'outChannels',
  'filterHeight',
  'filterWidth',
  'strideHeight',
  'strideWidth',
  'dilationHeight',
  'dilationWidth',
  'padTop',
  'padLeft',
]

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/**
 * The bias's values when adding it to an output of rank `outRank` whose last dim is `channels`
 * broadcasts along the last dim only (shape [], [1], [channels], [1, .., channels]); else null,
 * and the caller adds it with the cpu Add kernel.
 */
export function epilogueBias(backend: MathBackendCPU, bias: TensorInfo, channels: number, outRank: number): Float32Array | null {
  if (bias.dtype !== 'float32' || bias.shape.length > outRank) return null
  const last = bias.shape.length === 0 ? 1 : bias.shape[bias.shape.length - 1]
  if (!bias.shape.slice(0, -1).every((d) => d === 1) || (last !== 1 && last !== channels)) return null
  return float32Values(backend, bias, 'bias', 'fused op')
}

/** The epilogue code for an activation the C++ side applies, or null (the cpu kernels apply it). */
export function epilogueActivation(activation: string | undefined, leakyreluAlpha: number | undefined): number | null {
  if (activation === undefined || activation === 'linear') return NATIVE_ACTIVATIONS.linear
  if (activation === 'leakyrelu') return typeof leakyreluAlpha === 'number' ? NATIVE_ACTIVATIONS.leakyrelu : null
  if (activation === 'relu' || activation === 'relu6' || activation === 'sigmoid' || activation === 'elu') return NATIVE_ACTIVATIONS[activation]
  return null
}

/** tfjs-backend-cpu's applyActivation, through the cpu kernels (for prelu and anything unusual). */
export function applyCpuActivation(
  backend: MathBackendCPU,
  x: TensorInfo,
  activation: string,
  preluActivationWeights: TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): TensorInfo {
  switch (activation) {
    case 'linear':
      return runCpu('Identity', { inputs: { x }, backend })
    case 'relu':
      return runCpu('Relu', { inputs: { x }, backend })
    case 'elu':
      return runCpu('Elu', { inputs: { x }, backend })
    case 'relu6':
      return runCpu('Relu6', { inputs: { x }, backend })
    case 'prelu':
      return runCpu('Prelu', { inputs: { x, alpha: preluActivationWeights }, backend })
    case 'leakyrelu':
      return runCpu('LeakyRelu', { inputs: { x }, backend, attrs: { alpha: leakyreluAlpha } })
    case 'sigmoid':
      return runCpu('Sigmoid', { inputs: { x }, backend })
    default:
      throw new Error(`Activation ${activation} has not been implemented for the CPU backend.`)
  }
}

/** A native GEMM or convolution that can add a bias and apply an activation in the same pass. */
export interface EpilogueRunner {
  run(bias: Float32Array | null, activation: number, leakyreluAlpha: number): TensorInfo
}

/** The tensors a fused op (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul) adds to its base op. */
export interface FusedInputs {
  bias?: TensorInfo
  preluActivationWeights?: TensorInfo
}

/** The attributes a fused op adds to its base op. */
export interface FusedAttrs {
  activation?: string
  leakyreluAlpha?: number
}

/**
 * Runs `native` with as much of the epilogue as C++ takes (a bias that broadcasts along the last
 * dim, of size `channels`, of an output of rank `outRank`; an activation with an epilogue code),
 * then the rest through the cpu kernels (finishFused).
 */
export function runFused(backend: MathBackendCPU, native: EpilogueRunner, channels: number, outRank: number, inputs: FusedInputs, attrs: FusedAttrs): TensorInfo {
  const { bias, preluActivationWeights } = inputs
  const { activation, leakyreluAlpha } = attrs
  const biasValues = bias ? epilogueBias(backend, bias, channels, outRank) : null
  const biasDone = !bias || biasValues !== null
  const code = biasDone ? epilogueActivation(activation, leakyreluAlpha) : null
  const result = native.run(biasValues, code ?? 0, leakyreluAlpha ?? 0)
  return finishFused(backend, result, bias, biasDone, activation, code !== null, preluActivationWeights, leakyreluAlpha)
}

/**
 * The rest of a fused op after the native GEMM: bias through cpu Add when the epilogue could not
 * take it, then the activation through the cpu kernels when the epilogue did not apply it.
 * Disposes the intermediates it replaces.
 */
function finishFused(
  backend: MathBackendCPU,
  result: TensorInfo,
  bias: TensorInfo | undefined,
  biasDone: boolean,
  activation: string | undefined,
  activationDone: boolean,
  preluActivationWeights: TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): TensorInfo {
  let current = result
  if (bias && !biasDone) {
    const next = runCpu('Add', { inputs: { a: current, b: bias }, backend })
    backend.disposeIntermediateTensorInfo(current)
    current = next
  }
  if (activation && !activationDone) {
    const next = applyCpuActivation(backend, current, activation, preluActivationWeights, leakyreluAlpha)
    backend.disposeIntermediateTensorInfo(current)
    current = next
  }
  return current
}
