/**
 * Reductions over any axes (Sum, Mean, Max, Min, Prod) and ArgMax/ArgMin in C++, without the
 * transpose the cpu kernels make; keepDims as tfjs. Float32 only: other dtypes (int32 sums, bool)
 * run the cpu kernel. Axes are parsed (and bad ones refused) by tfjs's util.parseAxisParam.
 */
import {
  ArgMax,
  ArgMin,
  backend_util,
  Max,
  Mean,
  Min,
  Prod,
  Sum,
  util,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { loadNativeAddon, NATIVE_ARG_OPS, NATIVE_REDUCE_OPS } from '../addon'
import { NATIVE_MAX_RANK } from './binary'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

type ReduceArgs = KernelArgs<{ x: TensorInfo }, Record<string, unknown>>

/** x: [...shape] -> the dims not in axes ([...] with 1s in their place when keepDims). */
function reduceConfig(kernelName: keyof typeof NATIVE_REDUCE_OPS, axisAttr: 'axis' | 'reductionIndices'): KernelConfig {
  const op = NATIVE_REDUCE_OPS[kernelName]
  const kernelFunc = (args: ReduceArgs): TensorInfo => {
    const { inputs, backend, attrs } = args
    const x = inputs.x
    const values = x && x.shape.length <= NATIVE_MAX_RANK ? float32Values(backend, x, 'x', kernelName) : null
    if (!values) return runCpu(kernelName, args)
    const axes = util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape)
    if (new Set(axes).size !== axes.length) return runCpu(kernelName, args)
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes)
    const out = outputArray(backend, util.sizeFromShape(outShape))
    if (out.length > 0) loadNativeAddon().reduce(op, values, x.shape, axes, out)
    const shape = attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape
    return backend.makeTensorInfo(shape, 'float32', out)
  }
  return nativeKernelConfig(kernelName, kernelFunc)
}

/** x: [...shape] -> int32 [...shape without axis]. */
function argReduceConfig(kernelName: keyof typeof NATIVE_ARG_OPS): KernelConfig {
  const op = NATIVE_ARG_OPS[kernelName]
  const kernelFunc = (args: ReduceArgs): TensorInfo => {
    const { inputs, backend, attrs } = args
    const x = inputs.x
    const values = x && x.shape.length > 0 && x.shape.length <= NATIVE_MAX_RANK ? float32Values(backend, x, 'x', kernelName) : null
    if (!values) return runCpu(kernelName, args)
    const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape)
    // The cpu kernel reduces the first axis given; more than one is not an ArgMax call tfjs makes.
    if (axes.length !== 1) return runCpu(kernelName, args)
    const axis = axes[0]
    const outShape = x.shape.filter((_, d) => d !== axis)
    const out = new Int32Array(util.sizeFromShape(outShape))
    if (out.length > 0) loadNativeAddon().argReduce(op, values, x.shape, axis, out)
    return backend.makeTensorInfo(outShape, 'int32', out)
  }
  return nativeKernelConfig(kernelName, kernelFunc)
}

export const REDUCE_KERNELS: readonly KernelConfig[] = [
  reduceConfig(Sum, 'axis'),
  reduceConfig(Mean, 'axis'),
  reduceConfig(Max, 'reductionIndices'),
  reduceConfig(Min, 'axis'),
  reduceConfig(Prod, 'axis'),
  argReduceConfig(ArgMax),
  argReduceConfig(ArgMin),
]
