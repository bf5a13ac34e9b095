/**
 * FusedDepthwiseConv2D (CenterNet's MobileNetV3 blocks): the native depthwise convolution with
 * bias and activation in the same pass where they broadcast per channel; prelu and unusual bias
 * shapes go through the cpu Add/activation kernels afterwards, as FusedConv2D does.
 */
import { FusedDepthwiseConv2D, type FusedDepthwiseConv2DAttrs, type FusedDepthwiseConv2DInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareDepthwiseForward } from './DepthwiseConv2dNative'
import { epilogueActivation, epilogueBias, finishFused, NATIVE_BACKEND, runCpu, type KernelArgs } from './util'

export function fusedDepthwiseConv2D(args: KernelArgs<FusedDepthwiseConv2DInputs, FusedDepthwiseConv2DAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter, bias, preluActivationWeights } = inputs as {
    x: TensorInfo
    filter: TensorInfo
    bias?: TensorInfo
    preluActivationWeights?: TensorInfo
  }
  const { activation, leakyreluAlpha } = attrs
  const forward = prepareDepthwiseForward(backend, x, filter, attrs, 'fused depthwiseConv2d')
  if (!forward) return runCpu(FusedDepthwiseConv2D, args)
  const outChannels = filter.shape[2] * filter.shape[3]
  const biasValues = bias ? epilogueBias(backend, bias, outChannels, 4) : null
  const biasDone = !bias || biasValues !== null
  const code = biasDone ? epilogueActivation(activation, leakyreluAlpha) : null
  const result = forward.run(biasValues, code ?? 0, leakyreluAlpha ?? 0)
  return finishFused(backend, result, bias, biasDone, activation, code !== null, preluActivationWeights, leakyreluAlpha)
}

export const fusedDepthwiseConv2DConfig: KernelConfig = {
  kernelName: FusedDepthwiseConv2D,
  backendName: NATIVE_BACKEND,
  kernelFunc: fusedDepthwiseConv2D as unknown as KernelFunc,
}
