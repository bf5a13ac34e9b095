/**
 * Concat of float32 tensors in C++ (row copies over the pool), where the cpu kernel copies element
 * by element in JS (CenterNet's three channel concatenations: 18 ms of a 512x512 inference). Other
 * dtypes, one non-empty input and empty outputs run the cpu kernel.
 */
import { backend_util, Concat, util, type ConcatAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { float32Values, outputArray, runCpu, type KernelArgs, nativeKernelConfig } from './util'

/** inputs [..., a_i, ...] along `axis` -> [..., sum a_i, ...]; each input viewed as [outer, inner_i]. */
export function concat(args: KernelArgs<TensorInfo[], ConcatAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  if (inputs.length === 0) return runCpu(Concat, args)
  const axis = util.parseAxisParam(attrs.axis, inputs[0].shape)[0]
  backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis)
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis)
  const nonEmpty = inputs.filter((t) => util.sizeFromShape(t.shape) > 0)
  if (util.sizeFromShape(outShape) === 0 || nonEmpty.length < 2) return runCpu(Concat, args)
  const values = nonEmpty.map((t, i) => float32Values(backend, t, `tensors[${i}]`, 'concat'))
  if (values.some((v) => v === null)) return runCpu(Concat, args)
  const outer = util.sizeFromShape(outShape.slice(0, axis))
  const inners = nonEmpty.map((t) => util.sizeFromShape(t.shape.slice(axis)))
  const out = outputArray(backend, util.sizeFromShape(outShape))
  loadNativeAddon().concat(values as Float32Array[], inners, outer, out)
  return backend.makeTensorInfo(outShape, 'float32', out)
}

export const concatConfig: KernelConfig = nativeKernelConfig(Concat, concat)
