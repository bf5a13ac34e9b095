/** AddN: float32 tensors of one shape summed in C++, in input order; anything else runs the cpu kernel. */
import { AddN, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon } from '../addon'
import { float32Values, runCpu, sameShape, outputArray, nativeKernelConfig } from './util'

export function addN(args: { inputs: TensorInfo[]; backend: MathBackendCPU }): TensorInfo {
  const { inputs, backend } = args
  const tensors = Object.values(inputs) as TensorInfo[]
  if (tensors.length === 0) return runCpu(AddN, args)
  const shape = tensors[0].shape
  const values: Float32Array[] = []
  for (const [i, t] of tensors.entries()) {
    const v = sameShape(t.shape, shape) ? float32Values(backend, t, `tensors[${i}]`, 'addN') : null
    if (!v) return runCpu(AddN, args)
    values.push(v)
  }
  const out = outputArray(backend, values[0].length)
  if (out.length > 0) loadNativeAddon().addN(values, out)
  return backend.makeTensorInfo(shape, 'float32', out)
}

export const addNConfig: KernelConfig = nativeKernelConfig(AddN, addN)
