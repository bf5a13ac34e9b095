/** AvgPool: NHWC float32 in C++ (padding not counted, summed in double, as on cpu); the rest uses the cpu kernel. */
import { AvgPool, util, type AvgPoolAttrs, type AvgPoolInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { isIdentityPool, poolGeometry } from './pooling'
import { float32Values, NATIVE_BACKEND, runCpu, type KernelArgs } from './util'

/** y [batch, outH, outW, C] from x [batch, inH, inW, C]. */
export function avgPool(args: KernelArgs<AvgPoolInputs, AvgPoolAttrs>): TensorInfo {
  const { backend, attrs } = args
  const x = args.inputs.x as TensorInfo
  const xValues = float32Values(backend, x, 'x', 'avgPool')
  if (!xValues) return runCpu(AvgPool, args)
  const { info, geometry } = poolGeometry(x, attrs, 'avgPool')
  if (isIdentityPool(info)) return runCpu(AvgPool, args)
  const y = new Float32Array(util.sizeFromShape(info.outShape))
  loadNativeAddon().avgPool(xValues, y, geometry)
  return backend.makeTensorInfo(info.outShape, 'float32', y)
}

export const avgPoolConfig: KernelConfig = {
  kernelName: AvgPool,
  backendName: NATIVE_BACKEND,
  kernelFunc: avgPool as unknown as KernelFunc,
}
