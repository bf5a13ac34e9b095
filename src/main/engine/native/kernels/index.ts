/** The kernels the native backend runs in C++; every other kernel is the cpu backend's. */
import type { KernelConfig } from '@tensorflow/tfjs-core'
import { batchMatMulConfig } from './BatchMatMul'
import { conv2DConfig } from './Conv2D'
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter'
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput'
import { fusedConv2DConfig } from './FusedConv2D'
import { depthwiseConv2dNativeConfig } from './DepthwiseConv2dNative'
import { depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig } from './depthwiseGradient'
import { fusedDepthwiseConv2DConfig } from './FusedDepthwiseConv2D'
import { _fusedMatMulConfig } from './_FusedMatMul'
import { avgPoolConfig, maxPoolConfig } from './Pool'
import { avgPoolGradConfig } from './AvgPoolGrad'
import { fusedBatchNormConfig } from './FusedBatchNorm'
import { fusedBatchNormGradConfig } from './FusedBatchNormGrad'
import { BATCH_NORM_TRAINING_KERNELS } from './BatchNormTraining'
import { maxPoolGradConfig } from './MaxPoolGrad'
import { softmaxConfig } from './Softmax'
import { RNN_SEQUENCE_KERNELS } from './RnnSequence'
import { addNConfig } from './AddN'
import { BINARY_KERNELS } from './binary'
import { REDUCE_KERNELS } from './reduce'
import { tileConfig } from './Tile'
import { transposeConfig } from './Transpose'
import { concatConfig } from './Concat'
import { resizeBilinearConfig } from './ResizeBilinear'
import { UNARY_KERNELS } from './unary'
import { hardSwishConfig } from './HardSwish'

export const NATIVE_KERNELS: readonly KernelConfig[] = [
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeConfig,
  fusedDepthwiseConv2DConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  batchMatMulConfig,
  _fusedMatMulConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  fusedBatchNormConfig,
  fusedBatchNormGradConfig,
  ...BATCH_NORM_TRAINING_KERNELS,
  softmaxConfig,
  ...RNN_SEQUENCE_KERNELS,
  ...BINARY_KERNELS,
  addNConfig,
  ...UNARY_KERNELS,
  hardSwishConfig,
  ...REDUCE_KERNELS,
  tileConfig,
  transposeConfig,
  concatConfig,
  resizeBilinearConfig,
]
