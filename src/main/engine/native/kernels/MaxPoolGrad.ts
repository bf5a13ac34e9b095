/**
 * MaxPoolGrad: each dy goes to its window's first strict maximum of x in row-major order (the
 * cpu kernel's maxPoolPositions, so ties break the same way), in C++; other dtypes use the cpu kernel.
 */
import { MaxPoolGrad, type KernelConfig, type MaxPoolGradAttrs, type MaxPoolGradInputs, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { assertGradientShape, poolGeometry } from './pooling'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** dx [batch, inH, inW, C] from dy [batch, outH, outW, C] and the forward input x (`input`). */
export function maxPoolGrad(args: KernelArgs<MaxPoolGradInputs, MaxPoolGradAttrs>): TensorInfo {
  const { backend, attrs } = args
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo }
  const xValues = float32Values(backend, input, 'input', 'maxPoolGrad')
  const dyValues = float32Values(backend, dy, 'dy', 'maxPoolGrad')
  if (!xValues || !dyValues) return runCpu(MaxPoolGrad, args)
  const { info, geometry } = poolGeometry(input, attrs, 'maxPoolGrad')
  assertGradientShape(dy, info, 'maxPoolGrad')
  const dx = outputArray(backend, xValues.length)
  loadNativeAddon().maxPoolGrad(xValues, dyValues, dx, geometry)
  return backend.makeTensorInfo(input.shape, 'float32', dx)
}

export const maxPoolGradConfig: KernelConfig = nativeKernelConfig(MaxPoolGrad, maxPoolGrad)
