/**
 * Loads build/Release/benchtop_native.node (built from native/ by scripts/build-native.mjs) and
 * describes what it exports. The addon's functions are synchronous and fill output arrays that
 * JavaScript allocated; they check every length and throw an Error on anything inconsistent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { appRoot } from '../../paths'

export interface NativeInfo {
  /** The GEMM behind the kernels: a system BLAS, or the portable C++ one. */
  blas: 'openblas' | 'accelerate' | 'builtin'
  /** OpenBLAS's core name ("Haswell", "Zen"), or ''. */
  blasCore: string
  /** Threads of the kernels' pool and of the BLAS: BENCHTOP_THREADS, else every core. */
  threads: number
  /**
   * Whether convolutions may run as direct AVX-512 kernels (native/conv_direct.cc): the CPU has
   * AVX-512F and BENCHTOP_CONV_DIRECT is not 0. Otherwise im2col + the BLAS; convPaths() says per shape.
   */
  directConv: boolean
  /**
   * Whether 3x3 stride-1 convolutions with channel counts that are multiples of 16 run as Winograd
   * F(2x2, 3x3) (native/conv_winograd.cc): directConv, and BENCHTOP_CONV_WINOGRAD is not 0.
   */
  winogradConv: boolean
  version: string
}

/**
 * [batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight,
 * filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft]
 */
export type ConvPath = 'winograd' | 'direct' | 'im2col' | 'few-pixels' | 'pointwise' | 'empty'

export type ConvGeometry = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number]

/**
 * [batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight, filterWidth,
 * strideHeight, strideWidth, padTop, padLeft] (NHWC; pooling's dilation is always 1)
 */
export type PoolGeometry = [number, number, number, number, number, number, number, number, number, number, number, number]

/** [beta1, beta2, 1 - beta1, 1 - beta2, 1 - accBeta1, 1 - accBeta2, epsilon, -learningRate]; each becomes a float32. */
export type AdamCoefficients = [number, number, number, number, number, number, number, number]

/** Activation codes of the fused kernels' epilogue. */
export const NATIVE_ACTIVATIONS = { linear: 0, relu: 1, relu6: 2, sigmoid: 3, elu: 4, leakyrelu: 5 } as const

/** Op codes of binary() (native/elementwise.h BinaryOp). */
export const NATIVE_BINARY_OPS = {
  Add: 0,
  Sub: 1,
  Multiply: 2,
  RealDiv: 3,
  Maximum: 4,
  Minimum: 5,
  SquaredDifference: 6,
  Pow: 7,
  Prelu: 8,
  EluGrad: 9,
} as const

/** Op codes of unary() (native/elementwise.h UnaryOp). */
export const NATIVE_UNARY_OPS = {
  Sqrt: 0,
  Rsqrt: 1,
  Square: 2,
  Neg: 3,
  Exp: 4,
  Log: 5,
  Abs: 6,
  Relu: 7,
  Relu6: 8,
  Step: 9,
  Sigmoid: 10,
  Tanh: 11,
  Elu: 12,
  LeakyRelu: 13,
  Reciprocal: 14,
} as const

/** [steps, batch, input, hidden] of a whole-sequence recurrent kernel. */
export type RnnDims = [number, number, number, number]
/** Cell codes of native/rnn.h: one tanh gate (char-rnn's RNN1), torch.nn.GRU's three. */
export const NATIVE_RNN_CELLS = { tanh: 0, gru: 1 } as const
/** Op codes of reduce() (native/elementwise.h ReduceOp) and argReduce(). */
export const NATIVE_REDUCE_OPS = { Sum: 0, Mean: 1, Max: 2, Min: 3, Prod: 4 } as const
export const NATIVE_ARG_OPS = { ArgMax: 0, ArgMin: 1 } as const

export interface NativeAddon {
  info(): NativeInfo
  conv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: ConvGeometry, activation: number, leakyreluAlpha: number): void
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: ConvGeometry): void
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: ConvGeometry): void
  /** How conv2d, conv2dBackpropInput and conv2dBackpropFilter compute a geometry (for tests and profiles). */
  convPaths(geometry: ConvGeometry): { forward: ConvPath; input: ConvPath; filter: ConvPath }
  /** Depthwise: geometry's outChannels = inChannels x multiplier; filter [fh, fw, inChannels, multiplier]. */
  depthwiseConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: ConvGeometry, activation: number, leakyreluAlpha: number): void
  depthwiseConv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: ConvGeometry): void
  depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: ConvGeometry): void
  /** dims: [batchA, batchB, batch, M, N, K, transposeA (0/1), transposeB (0/1)]. */
  batchMatMul(a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array, dims: number[], activation: number, leakyreluAlpha: number): void
  /** out = op(a, b) broadcast (numpy rules) to the shape of both; throws when they do not broadcast. */
  binary(op: number, a: Float32Array, aShape: readonly number[], b: Float32Array, bShape: readonly number[], out: Float32Array): void
  /** out = the sum of inputs, each of out's length, in order. */
  addN(inputs: Float32Array[], out: Float32Array): void
  /** alpha: Step's value where x <= 0, LeakyRelu's slope (ignored by the other ops). */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void
  /** out = (x * scale) * relu6(x + addend) in float32, op by op: MobileNetV3's hard swish in one pass. */
  hardSwish(x: Float32Array, out: Float32Array, addend: number, scale: number): void
  /** out holds the dims of shape not named in axes, in order. */
  reduce(op: number, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void
  /** out holds shape without `axis`: the index of the first maximum (minimum) along it. */
  argReduce(op: number, x: Float32Array, shape: readonly number[], axis: number, out: Int32Array): void
  tile(x: Float32Array, shape: readonly number[], reps: readonly number[], out: Float32Array): void
  transpose(x: Float32Array, shape: readonly number[], perm: readonly number[], out: Float32Array): void
  /** Each input is [outer, inners[i]]; out is [outer, sum of inners]. */
  concat(inputs: readonly Float32Array[], inners: readonly number[], outer: number, out: Float32Array): void
  /** dims: [batch, inH, inW, channels, outH, outW]. */
  resizeBilinear(x: Float32Array, dims: readonly number[], alignCorners: boolean, halfPixelCenters: boolean, out: Float32Array): void
  maxPool(x: Float32Array, y: Float32Array, geometry: PoolGeometry): void
  avgPool(x: Float32Array, y: Float32Array, geometry: PoolGeometry): void
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, geometry: PoolGeometry): void
  avgPoolGrad(dy: Float32Array, dx: Float32Array, geometry: PoolGeometry): void
  /** mean, variance, offset, scale: 1 or C values each (C divides x's length; tfjs-cpu's cyclic indexing). */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null, scale: Float32Array | null, out: Float32Array, varianceEpsilon: number): void
  /** FusedBatchNorm's gradient: x and dy hold rows of C values, C = mean's length; the rest C values each; scale null means 1. */
  batchNormGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null, dx: Float32Array, dmean: Float32Array, dvariance: Float32Array, dscale: Float32Array, doffset: Float32Array, varianceEpsilon: number): void
  /** Batch norm in training: the batch's mean and biased variance per channel (C = mean's length; x holds rows of C values) and y; scale / offset null mean 1 / 0. */
  batchNormTrain(x: Float32Array, scale: Float32Array | null, offset: Float32Array | null, y: Float32Array, mean: Float32Array, variance: Float32Array, varianceEpsilon: number): void
  /** batchNormTrain's gradient, the mean and variance outputs' own gradients included (null: zero). */
  batchNormTrainGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null, dmean: Float32Array | null, dvariance: Float32Array | null, dx: Float32Array, dscale: Float32Array, doffset: Float32Array, varianceEpsilon: number): void
  /** Softmax of each row of `cols` values. */
  softmax(logits: Float32Array, out: Float32Array, cols: number): void
  /** One Adam step of one variable; each output may be its own input (newValue = value...), never another array. */
  adam(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, newValue: Float32Array, newM: Float32Array, newV: Float32Array, coefficients: AdamCoefficients): void
  /**
   * A recurrent layer over a whole sequence (native/rnn.h), time-major. cell: NATIVE_RNN_CELLS;
   * dims [T, B, I, H]; x [T, B, I], wi [G, I, H], wh [G, H, H], bi and bh [G, H] (bh null for tanh)
   * -> h [T, B, H] and cache [T, B, 4H] (GRU) or [0] (tanh).
   */
  rnnForward(cell: number, dims: RnnDims, x: Float32Array, wi: Float32Array, wh: Float32Array, bi: Float32Array, bh: Float32Array | null, h: Float32Array, cache: Float32Array): void
  /** Its backward pass through time: from dh [T, B, H], dx and every weight's gradient (dbh null for tanh). */
  rnnBackward(cell: number, dims: RnnDims, x: Float32Array, wi: Float32Array, wh: Float32Array, bh: Float32Array | null, h: Float32Array, cache: Float32Array, dh: Float32Array, dx: Float32Array, dwi: Float32Array, dwh: Float32Array, dbi: Float32Array, dbh: Float32Array | null): void
}

export function nativeAddonPath(): string {
  return path.join(appRoot(), 'build', 'Release', 'benchtop_native.node')
}

/** Why the last `node scripts/build-native.mjs` failed (it leaves this file), or null. */
export function nativeBuildFailure(): string | null {
  try {
    const text = readFileSync(path.join(appRoot(), 'build', 'native-build-failed.txt'), 'utf8')
    const first = text.split('\n')[0].replace(/^warning: native kernels not built: /, '').replace(/; Benchtop falls back to the wasm\/cpu backends$/, '')
    return first.trim() || null
  } catch {
    return null
  }
}

/** Why the addon is missing: the failed build's reason when there was one. */
export function describeMissingAddon(): string {
  const failure = nativeBuildFailure()
  return failure
    ? `the addon was not built: ${nativeAddonPath()} is missing (the last build failed: ${failure})`
    : `the addon was not built: ${nativeAddonPath()} is missing (run \`node scripts/build-native.mjs\`; it needs a C++ compiler, and libopenblas-dev for speed)`
}

/** The pooling, batch-norm, softmax and Adam functions (native/binding_layers.cc). */
const LAYER_FUNCTIONS = ['maxPool', 'avgPool', 'maxPoolGrad', 'avgPoolGrad', 'batchNorm', 'batchNormGrad', 'batchNormTrain', 'batchNormTrainGrad', 'softmax', 'adam'] as const

/** The whole-sequence recurrent functions (native/binding_rnn.cc). */
const RNN_FUNCTIONS = ['rnnForward', 'rnnBackward'] as const

/** The element-wise, reduction and tile functions (native/binding_elementwise.cc). */
const ELEMENTWISE_FUNCTIONS = ['binary', 'addN', 'unary', 'reduce', 'argReduce', 'tile', 'transpose', 'concat', 'resizeBilinear'] as const

let loaded: NativeAddon | null = null

/** The addon, loaded once; throws an Error saying why it cannot be loaded. */
export function loadNativeAddon(): NativeAddon {
  if (loaded) return loaded
  const file = nativeAddonPath()
  if (!existsSync(file)) throw new Error(describeMissingAddon())
  const require = createRequire(import.meta.url)
  let addon: NativeAddon
  try {
    addon = require(file) as NativeAddon
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`${message.split('\n')[0]} (rebuild it: node scripts/build-native.mjs)`)
  }
  for (const fn of ['info', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'convPaths', 'depthwiseConv2d', 'depthwiseConv2dBackpropInput', 'depthwiseConv2dBackpropFilter', 'batchMatMul'] as const) {
    if (typeof addon[fn] !== 'function') throw new Error(`the addon at ${file} lacks ${fn}(): rebuild it (node scripts/build-native.mjs)`)
  }
  for (const fn of ELEMENTWISE_FUNCTIONS) {
    if (typeof addon[fn] !== 'function') throw new Error(`the addon at ${file} lacks ${fn}(): rebuild it (node scripts/build-native.mjs)`)
  }
  for (const fn of [...LAYER_FUNCTIONS, ...RNN_FUNCTIONS]) {
    if (typeof addon[fn] !== 'function') throw new Error(`the addon at ${file} lacks ${fn}(): rebuild it (node scripts/build-native.mjs)`)
  }
  loaded = addon
  return addon
}

/** "0.1.0 (openblas, 2 threads)", plus ", direct AVX-512 convolutions" where they run. */
export function describeNative(info: NativeInfo): string {
  return `${info.version} (${info.blas}, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.directConv ? ', direct AVX-512 convolutions' : ''}${info.winogradConv ? ', Winograd 3x3' : ''})`
}
