/** MaxPool: NHWC float32 in C++ (NaN never wins, as on cpu); other dtypes and the 1x1 identity use the cpu kernel. */
import { MaxPool, util, type KernelConfig, type KernelFunc, type MaxPoolAttrs, type MaxPoolInputs, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { isIdentityPool, poolGeometry } from './pooling'
import { float32Values, NATIVE_BACKEND, runCpu, type KernelArgs } from './util'

/** y [batch, outH, outW, C] from x [batch, inH, inW, C]. */
export function maxPool(args: KernelArgs<MaxPoolInputs, MaxPoolAttrs>): TensorInfo {
  const { backend, attrs } = args
  const x = args.inputs.x as TensorInfo
  const xValues = float32Values(backend, x, 'x', 'maxPool')
  if (!xValues) return runCpu(MaxPool, args)
  const { info, geometry } = poolGeometry(x, attrs, 'maxPool')
  if (isIdentityPool(info)) return runCpu(MaxPool, args)
  const y = new Float32Array(util.sizeFromShape(info.outShape))
  loadNativeAddon().maxPool(xValues, y, geometry)
  return backend.makeTensorInfo(info.outShape, 'float32', y)
}

export const maxPoolConfig: KernelConfig = {
  kernelName: MaxPool,
  backendName: NATIVE_BACKEND,
  kernelFunc: maxPool as unknown as KernelFunc,
}
