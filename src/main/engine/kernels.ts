/**
 * Kernels a backend must have to train the convolutional experiments. tfjs-backend-wasm, for
 * one, has no Conv2DBackpropFilter, so it can run a CNN but not train one.
 */
export const CNN_TRAINING_KERNELS = [
  'Conv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'MaxPool',
  'MaxPoolGrad',
  'BatchMatMul',
  'Relu',
  'Softmax',
] as const
