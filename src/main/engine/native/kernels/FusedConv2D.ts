/**
 * FusedConv2D: the native convolution with bias and activation applied in the same pass where
 * they broadcast per channel (linear, relu, relu6, sigmoid, elu, leakyrelu); prelu and unusual
 * bias shapes go through the cpu Add/activation kernels after the native convolution.
 */
import { FusedConv2D, type FusedConv2DAttrs, type FusedConv2DInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareConvForward } from './Conv2D'
import { runCpu, runFused, type KernelArgs, nativeKernelConfig } from './util'

export function fusedConv2D(args: KernelArgs<FusedConv2DInputs, FusedConv2DAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo }
  const forward = prepareConvForward(backend, x, filter, attrs, 'fusedConv2d')
  if (!forward) return runCpu(FusedConv2D, args)
  return runFused(backend, forward, filter.shape[3], 4, inputs, attrs)
}

export const fusedConv2DConfig: KernelConfig = nativeKernelConfig(FusedConv2D, fusedConv2D)
