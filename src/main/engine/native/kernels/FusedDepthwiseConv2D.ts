/**
 * FusedDepthwiseConv2D (CenterNet's MobileNetV3 blocks): the native depthwise convolution with
 * bias and activation in the same pass where they broadcast per channel; prelu and unusual bias
 * shapes go through the cpu Add/activation kernels afterwards, as FusedConv2D does.
 */
import { FusedDepthwiseConv2D, type FusedDepthwiseConv2DAttrs, type FusedDepthwiseConv2DInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareDepthwiseForward } from './DepthwiseConv2dNative'
import { runCpu, runFused, type KernelArgs, nativeKernelConfig } from './util'

export function fusedDepthwiseConv2D(args: KernelArgs<FusedDepthwiseConv2DInputs, FusedDepthwiseConv2DAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo }
  const forward = prepareDepthwiseForward(backend, x, filter, attrs, 'fused depthwiseConv2d')
  if (!forward) return runCpu(FusedDepthwiseConv2D, args)
  return runFused(backend, forward, filter.shape[2] * filter.shape[3], 4, inputs, attrs)
}

export const fusedDepthwiseConv2DConfig: KernelConfig = nativeKernelConfig(FusedDepthwiseConv2D, fusedDepthwiseConv2D)
