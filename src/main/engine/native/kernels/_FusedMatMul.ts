/** _FusedMatMul (dense layers): the native BatchMatMul with bias and activation in the same pass where they broadcast per column. */
import { _FusedMatMul, type _FusedMatMulAttrs, type _FusedMatMulInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareMatMul } from './BatchMatMul'
import { epilogueActivation, epilogueBias, finishFused, NATIVE_BACKEND, runCpu, type KernelArgs } from './util'

export function _fusedMatMul(args: KernelArgs<_FusedMatMulInputs, _FusedMatMulAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { a, b, bias, preluActivationWeights } = inputs as {
    a: TensorInfo
    b: TensorInfo
    bias?: TensorInfo
    preluActivationWeights?: TensorInfo
  }
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs
  const matMul = prepareMatMul(backend, a, b, transposeA, transposeB)
  if (!matMul) return runCpu(_FusedMatMul, args)
  const biasValues = bias ? epilogueBias(backend, bias, matMul.n, matMul.outShape.length) : null
  const biasDone = !bias || biasValues !== null
  const code = biasDone ? epilogueActivation(activation, leakyreluAlpha) : null
  const result = matMul.run(biasValues, code ?? 0, leakyreluAlpha ?? 0)
  return finishFused(backend, result, bias, biasDone, activation, code !== null, preluActivationWeights, leakyreluAlpha)
}

export const _fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: NATIVE_BACKEND,
  kernelFunc: _fusedMatMul as unknown as KernelFunc,
}
