/**
 * BenchtopHardSwish: x [any shape] float32 -> (x * scale) * relu6(x + addend), the same float32
 * operations in the same order as the Mul, Add, Relu6 and Mul that MobileNetV3 graphs spell hard
 * swish with (bit for bit), in one pass over memory instead of four. Graph models reach it through
 * engine/graphFusion.ts; registered on the native backend only.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon } from '../addon'
import { float32Values, nativeKernelConfig, outputArray } from './util'

export const HARD_SWISH = 'BenchtopHardSwish'

interface Args {
  inputs: { x?: TensorInfo }
  backend: MathBackendCPU
  attrs: { addend: number; scale: number }
}

function hardSwish({ inputs, backend, attrs }: Args): TensorInfo {
  const x = inputs.x
  const values = x ? float32Values(backend, x, 'x', HARD_SWISH) : null
  if (!x || !values) throw new Error(`Error in ${HARD_SWISH}: x must be a float32 tensor`)
  const out = outputArray(backend, values.length)
  if (out.length > 0) loadNativeAddon().hardSwish(values, out, attrs.addend, attrs.scale)
  return backend.makeTensorInfo(x.shape, 'float32', out)
}

export const hardSwishConfig: KernelConfig = nativeKernelConfig(HARD_SWISH, hardSwish)
