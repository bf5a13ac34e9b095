/** _FusedMatMul (dense layers): the native BatchMatMul with bias and activation in the same pass where they broadcast per column. */
import { _FusedMatMul, type _FusedMatMulAttrs, type _FusedMatMulInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { prepareMatMul } from './BatchMatMul'
import { runCpu, runFused, type KernelArgs, nativeKernelConfig } from './util'

export function _fusedMatMul(args: KernelArgs<_FusedMatMulInputs, _FusedMatMulAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo }
  const { transposeA, transposeB } = attrs
  const matMul = prepareMatMul(backend, a, b, transposeA, transposeB)
  if (!matMul) return runCpu(_FusedMatMul, args)
  return runFused(backend, matMul, matMul.n, matMul.outShape.length, inputs, attrs)
}

export const _fusedMatMulConfig: KernelConfig = nativeKernelConfig(_FusedMatMul, _fusedMatMul)
