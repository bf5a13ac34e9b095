/**
 * Softmax over the last axis in C++, step by step as the cpu kernel composes it (Max, Sub, Exp,
 * Sum, RealDiv, with their float32 roundings); other axes (the cpu kernel refuses them) and
 * dtypes use the cpu kernel.
 */
import { Softmax, type KernelConfig, type SoftmaxAttrs, type SoftmaxInputs, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** out has the shape of logits [..., classes]. */
export function softmax(args: KernelArgs<SoftmaxInputs, SoftmaxAttrs>): TensorInfo {
  const { backend, attrs } = args
  const logits = args.inputs.logits as TensorInfo
  const rank = logits.shape.length
  const lastAxis = rank > 0 && (attrs.dim === -1 || attrs.dim === rank - 1)
  const values = lastAxis ? float32Values(backend, logits, 'logits', 'softmax') : null
  if (!values || values.length === 0) return runCpu(Softmax, args)
  const out = outputArray(backend, values.length)
  loadNativeAddon().softmax(values, out, logits.shape[rank - 1])
  return backend.makeTensorInfo(logits.shape, 'float32', out)
}

export const softmaxConfig: KernelConfig = nativeKernelConfig(Softmax, softmax)
