/**
 * ResizeBilinear (forward) in C++: the cpu kernel's arithmetic in double, rounded once, so equal to
 * it bit for bit, over the pool by output rows (CenterNet's three upsamplings: 11 ms of a 512x512
 * inference in JS). Other dtypes and empty images run the cpu kernel; the gradient stays tfjs's.
 */
import { ResizeBilinear, util, type KernelConfig, type ResizeBilinearAttrs, type TensorInfo } from '@tensorflow/tfjs-core'
import { loadNativeAddon } from '../addon'
import { float32Values, outputArray, runCpu, type KernelArgs, nativeKernelConfig } from './util'

/** images [batch, h, w, c] -> [batch, size[0], size[1], c]. */
export function resizeBilinear(args: KernelArgs<{ images: TensorInfo }, ResizeBilinearAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args
  const images = inputs.images
  const [newHeight, newWidth] = attrs.size
  const plain = images && images.shape.length === 4 && images.shape[1] > 0 && images.shape[2] > 0 && Number.isInteger(newHeight) && Number.isInteger(newWidth)
  const values = plain ? float32Values(backend, images, 'images', 'resizeBilinear') : null
  if (!values) return runCpu(ResizeBilinear, args)
  const [batch, height, width, channels] = images.shape
  const outShape = [batch, newHeight, newWidth, channels]
  const out = outputArray(backend, util.sizeFromShape(outShape))
  if (out.length > 0) {
    loadNativeAddon().resizeBilinear(values, [batch, height, width, channels, newHeight, newWidth], Boolean(attrs.alignCorners), Boolean(attrs.halfPixelCenters), out)
  }
  return backend.makeTensorInfo(outShape, 'float32', out)
}

export const resizeBilinearConfig: KernelConfig = nativeKernelConfig(ResizeBilinear, resizeBilinear)
