/**
 * AvgPoolGrad: dx = the sum of the dy windows covering each pixel / (filterHeight * filterWidth),
 * in C++. Like the cpu kernel it divides by the whole window even where the forward pass counted
 * fewer pixels (padding), and it ignores dimRoundingMode. Other dtypes use the cpu kernel.
 */
import { AvgPoolGrad, type AvgPoolGradAttrs, type AvgPoolGradInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { assertGradientShape, poolGeometry } from './pooling'
import { float32Values, runCpu, type KernelArgs, outputArray, nativeKernelConfig } from './util'

/** dx [batch, inH, inW, C] from dy [batch, outH, outW, C]; `input` gives only the shape. */
export function avgPoolGrad(args: KernelArgs<AvgPoolGradInputs, AvgPoolGradAttrs>): TensorInfo {
  const { backend, attrs } = args
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo }
  const dyValues = float32Values(backend, dy, 'dy', 'avgPoolGrad')
  if (!dyValues || input.dtype !== 'float32') return runCpu(AvgPoolGrad, args)
  const { info, geometry } = poolGeometry(input, { filterSize: attrs.filterSize, strides: attrs.strides, pad: attrs.pad }, 'avgPoolGrad')
  assertGradientShape(dy, info, 'avgPoolGrad')
  const dx = outputArray(backend, info.batchSize * info.inHeight * info.inWidth * info.inChannels)
  loadNativeAddon().avgPoolGrad(dyValues, dx, geometry)
  return backend.makeTensorInfo(input.shape, 'float32', dx)
}

export const avgPoolGradConfig: KernelConfig = nativeKernelConfig(AvgPoolGrad, avgPoolGrad)
