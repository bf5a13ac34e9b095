/**
 * FusedConv2D: the native convolution with bias and activation applied in the same pass where
 * they broadcast per channel (linear, relu, relu6, sigmoid, elu, leakyrelu); prelu and unusual
 * bias shapes go through the cpu Add/activation kernels after the native convolution.
 */
import { FusedConv2D, type FusedConv2DAttrs, type FusedConv2DInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareConvForward } from './Conv2D'
import { epilogueActivation, epilogueBias, finishFused, NATIVE_BACKEND, runCpu, type KernelArgs } from './util'

export function fusedConv2D(args: KernelArgs<FusedConv2DInputs, FusedConv2DAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { x, filter, bias, preluActivationWeights } = inputs as {
    x: TensorInfo
    filter: TensorInfo
    bias?: TensorInfo
    preluActivationWeights?: TensorInfo
  }
  const { activation, leakyreluAlpha } = attrs
  const forward = prepareConvForward(backend, x, filter, attrs, 'fusedConv2d')
  if (!forward) return runCpu(FusedConv2D, args)
  const outChannels = filter.shape[3]
  const biasValues = bias ? epilogueBias(backend, bias, outChannels, 4) : null
  const biasDone = !bias || biasValues !== null
  const code = biasDone ? epilogueActivation(activation, leakyreluAlpha) : null
  const result = forward.run(biasValues, code ?? 0, leakyreluAlpha ?? 0)
  return finishFused(backend, result, bias, biasDone, activation, code !== null, preluActivationWeights, leakyreluAlpha)
}

export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: NATIVE_BACKEND,
  kernelFunc: fusedConv2D as unknown as KernelFunc,
}
