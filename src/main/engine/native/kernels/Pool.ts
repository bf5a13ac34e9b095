/**
 * MaxPool and AvgPool: NHWC float32 in C++ with the cpu kernels' semantics (max: NaN never wins;
 * average: padding not counted, summed in double); other dtypes and the 1x1 identity pool use the
 * cpu kernel.
 */
import { AvgPool, MaxPool, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { isIdentityPool, poolGeometry, type PoolAttrs } from './pooling'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

type PoolKernel = typeof MaxPool | typeof AvgPool

/** The kernel for `kernelName`: y [batch, outH, outW, C] from x [batch, inH, inW, C]. */
function poolKernel(kernelName: PoolKernel, op: 'maxPool' | 'avgPool') {
  return (args: KernelArgs<{ x: TensorInfo }, PoolAttrs>): TensorInfo => {
    const { backend, attrs } = args
    const x = args.inputs.x
    const xValues = float32Values(backend, x, 'x', op)
    if (!xValues) return runCpu(kernelName, args)
    const { info, geometry } = poolGeometry(x, attrs, op)
    if (isIdentityPool(info)) return runCpu(kernelName, args)
    const y = outputArray(backend, util.sizeFromShape(info.outShape))
    loadNativeAddon()[op](xValues, y, geometry)
    return backend.makeTensorInfo(info.outShape, 'float32', y)
  }
}

export const maxPool = poolKernel(MaxPool, 'maxPool')
export const avgPool = poolKernel(AvgPool, 'avgPool')

export const maxPoolConfig: KernelConfig = nativeKernelConfig(MaxPool, maxPool)
export const avgPoolConfig: KernelConfig = nativeKernelConfig(AvgPool, avgPool)
