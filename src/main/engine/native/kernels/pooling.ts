/**
 * Shared by the native pooling kernels: tfjs-cpu's pooling geometry (computePool2DInfo, NHWC,
 * dilation 1) checked and flattened for the addon.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core'
import type { PoolGeometry } from '../addon'
import { assertGeometry, assertRank } from './util'

type Pair = [number, number] | number
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding

export interface PoolAttrs {
  filterSize: Pair
  strides: Pair
  pad: Pad
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
}

export interface NativePooling {
  info: backend_util.Conv2DInfo
  geometry: PoolGeometry
}

const NAMES = ['batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth', 'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'padTop', 'padLeft']

/**
 * The pooling of x (rank 4, NHWC) as tfjs-cpu's kernels compute it. `dimRoundingMode` only where
 * the cpu kernel passes it (its AvgPoolGrad does not).
 */
export function poolGeometry(x: TensorInfo, attrs: PoolAttrs, op: string): NativePooling {
  assertRank(x, 4, 'x', op)
  const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode)
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`Error in ${op}: pooling has dilation 1, got ${info.dilationHeight}x${info.dilationWidth}`)
  const geometry: PoolGeometry = [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]
  assertGeometry(geometry, NAMES, { positiveFrom: 6, signedFrom: 10 }, `Error in ${op}: invalid pooling geometry`)
  return { info, geometry }
}

/** tfjs-cpu's MaxPool/AvgPool shortcut: a 1x1 window that keeps the shape is the identity. */
export function isIdentityPool(info: backend_util.Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.inShape.every((d, i) => d === info.outShape[i])
}

/** dy must have the forward output's shape; a mismatch is the caller's error, not a crash. */
export function assertGradientShape(dy: TensorInfo, info: backend_util.Conv2DInfo, op: string): void {
  if (dy.shape.length !== 4 || !dy.shape.every((d, i) => d === info.outShape[i])) {
    throw new Error(`Error in ${op}: dy has shape [${dy.shape}], expected the pooling's output shape [${info.outShape}]`)
  }
}
