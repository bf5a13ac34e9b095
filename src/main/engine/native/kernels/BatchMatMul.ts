/**
 * BatchMatMul: sgemm per batch entry in C++ (one stacked sgemm when B has no batch), with the
 * batch broadcasting of tfjs's cpu kernel: entry i uses A[i % batchA] and B[i % batchB].
 */
import { BatchMatMul, broadcast_util, util, type BatchMatMulAttrs, type BatchMatMulInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { loadNativeAddon } from '../addon'
import { float32Values, runCpu, type EpilogueRunner, type KernelArgs, outputArray, nativeKernelConfig } from './util'

export interface NativeMatMul extends EpilogueRunner {
  outShape: number[]
  /** Columns of the output (its last dim): what a per-column bias must match. */
  n: number
}

/** Checks a matMul and returns a runner for it, or null when the cpu kernel must handle it (non-float32). */
export function prepareMatMul(backend: MathBackendCPU, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): NativeMatMul | null {
  const aRank = a.shape.length
  const bRank = b.shape.length
  if (aRank < 2 || bRank < 2) {
    throw new Error(`Error in matMul: inputs must have rank >= 2, got shapes [${a.shape}] and [${b.shape}]`)
  }
  const innerA = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]
  const innerB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2]
  const m = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]
  const n = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]
  const outerA = a.shape.slice(0, -2)
  const outerB = b.shape.slice(0, -2)
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB)
  const outShape = outer.concat([m, n])
  util.assert(
    innerA === innerB,
    () =>
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${a.shape} and ` +
      `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  )
  const aValues = float32Values(backend, a, 'a', 'matMul')
  const bValues = float32Values(backend, b, 'b', 'matMul')
  if (!aValues || !bValues) return null
  const batchA = util.sizeFromShape(outerA)
  const batchB = util.sizeFromShape(outerB)
  const batch = util.sizeFromShape(outer)
  if (batch > 0 && Math.max(batchA, batchB) !== batch) {
    // The cpu kernel computes max(batchA, batchB) products and labels them with this shape,
    // which does not hold that many: refuse rather than return a malformed tensor.
    throw new Error(
      `Error in matMul: batch dimensions [${outerA}] and [${outerB}] broadcast to [${outer}], which is larger than either; ` +
        `this backend (like tfjs's cpu backend) only broadcasts when one side's batch covers the output's`,
    )
  }
  return {
    outShape,
    n,
    run(bias, activation, leakyreluAlpha) {
      const out = outputArray(backend, util.sizeFromShape(outShape))
      if (out.length > 0) {
        loadNativeAddon().batchMatMul(aValues, bValues, bias, out, [batchA, batchB, batch, m, n, innerA, transposeA ? 1 : 0, transposeB ? 1 : 0], activation, leakyreluAlpha)
      }
      return backend.makeTensorInfo(outShape, 'float32', out)
    },
  }
}

export function batchMatMul(args: KernelArgs<BatchMatMulInputs, BatchMatMulAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo }
  const matMul = prepareMatMul(backend, a, b, attrs.transposeA, attrs.transposeB)
  if (!matMul) return runCpu(BatchMatMul, args)
  return matMul.run(null, 0, 0)
}

export const batchMatMulConfig: KernelConfig = nativeKernelConfig(BatchMatMul, batchMatMul)
