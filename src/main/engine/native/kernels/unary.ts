/**
 * Unary element-wise kernels in C++ (float32 in, float32 out, same shape); other dtypes run the
 * cpu kernel. Step and LeakyRelu take their `alpha` attribute.
 */
import {
  Abs,
  Elu,
  Exp,
  LeakyRelu,
  Log,
  Neg,
  Reciprocal,
  Relu,
  Relu6,
  Rsqrt,
  Sigmoid,
  Sqrt,
  Square,
  Step,
  Tanh,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon, NATIVE_UNARY_OPS } from '../addon'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

type UnaryArgs = KernelArgs<{ x: TensorInfo }, { alpha?: number }>

function unaryConfig(kernelName: keyof typeof NATIVE_UNARY_OPS, usesAlpha = false): KernelConfig {
  const op = NATIVE_UNARY_OPS[kernelName]
  const kernelFunc = (args: UnaryArgs): TensorInfo => {
    const { inputs, backend, attrs } = args
    const x = inputs.x
    const values = x ? float32Values(backend, x, 'x', kernelName) : null
    if (!values) return runCpu(kernelName, args)
    const out = outputArray(backend, values.length)
    // An absent alpha is NaN here as in the cpu kernel's arithmetic with undefined.
    const alpha = usesAlpha ? Number(attrs?.alpha) : 0
    if (out.length > 0) loadNativeAddon().unary(op, values, out, alpha)
    return backend.makeTensorInfo(x.shape, 'float32', out)
  }
  return nativeKernelConfig(kernelName, kernelFunc)
}

export const UNARY_KERNELS: readonly KernelConfig[] = [
  unaryConfig(Sqrt),
  unaryConfig(Rsqrt),
  unaryConfig(Square),
  unaryConfig(Neg),
  unaryConfig(Exp),
  unaryConfig(Log),
  unaryConfig(Abs),
  unaryConfig(Relu),
  unaryConfig(Relu6),
  unaryConfig(Step, true),
  unaryConfig(Sigmoid),
  unaryConfig(Tanh),
  unaryConfig(Elu),
  unaryConfig(LeakyRelu, true),
  unaryConfig(Reciprocal),
]
