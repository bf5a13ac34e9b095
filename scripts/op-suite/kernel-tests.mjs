/**
 * Which of tfjs-core's own op tests run against the `native` backend, and which are left out.
 *
 * A kernel in NATIVE_KERNELS selects every spec of the describe blocks listed for it here (their
 * gradient specs included). A
 * describe block is named as in tfjs-core's `describeWithFlags(name, ...)`; its specs' full names
 * are `${name} test-native {} ${spec}`. A kernel with no row here must be in KERNELS_WITHOUT_TESTS.
 */

/** @type {Readonly<Record<string, readonly string[]>>} kernel name -> describe names exercising it. */
export const KERNEL_TESTS = {
  // Convolutions and matrix products. The backprop kernels have no describe of their own in
  // tfjs-core 4.22: they are tested through the gradient specs of the ops that use them.
  Conv2D: ['conv2d', 'conv1d', 'conv2dTranspose', 'separableConv2d'],
  FusedConv2D: ['fused conv2d'],
  Conv2DBackpropInput: ['conv2dTranspose', 'conv2d', 'conv1d', 'fused conv2d'],
  Conv2DBackpropFilter: ['conv2d', 'conv1d', 'conv2dTranspose', 'fused conv2d'],
  DepthwiseConv2dNative: ['depthwiseConv2D', 'depthwiseConv2d gradients', 'separableConv2d'],
  DepthwiseConv2dNativeBackpropInput: ['depthwiseConv2d gradients', 'depthwiseConv2D', 'separableConv2d'],
  DepthwiseConv2dNativeBackpropFilter: ['depthwiseConv2d gradients', 'depthwiseConv2D', 'separableConv2d'],
  FusedDepthwiseConv2D: ['fused depthwiseConv2D'],
  BatchMatMul: ['matmul', 'matmulBatch', 'dot'],
  _FusedMatMul: ['fused matmul'],

  // Element-wise binary ops (with broadcasting).
  Add: ['add'],
  AddN: ['addN'],
  Sub: ['sub'],
  Multiply: ['mul'],
  RealDiv: ['div'],
  FloorDiv: ['floorDiv'],
  Maximum: ['maximum'],
  Minimum: ['minimum'],
  SquaredDifference: ['squaredDifference'],
  Pow: ['pow'],
  Mod: ['mod'],
  Atan2: ['atan2'],
  Prelu: ['prelu'],
  Equal: ['equal'],
  NotEqual: ['notEqual'],
  Greater: ['greater'],
  GreaterEqual: ['greaterEqual'],
  Less: ['less'],
  LessEqual: ['lessEqual'],
  LogicalAnd: ['logicalAnd'],
  LogicalOr: ['logicalOr'],

  // Element-wise unary ops.
  Abs: ['abs'],
  Acos: ['acos'],
  Acosh: ['acosh'],
  Asin: ['asin'],
  Asinh: ['asinh'],
  Atan: ['atan'],
  Atanh: ['atanh'],
  Ceil: ['ceil'],
  ClipByValue: ['clipByValue'],
  Cos: ['cos'],
  Cosh: ['cosh'],
  Elu: ['elu'],
  EluGrad: ['elu'],
  Erf: ['erf'],
  Exp: ['exp'],
  Expm1: ['expm1'],
  Floor: ['floor'],
  IsFinite: ['isFinite'],
  IsInf: ['isInf'],
  IsNan: ['isNaN'],
  LeakyRelu: ['leakyrelu'],
  Log: ['log'],
  Log1p: ['log1p'],
  LogicalNot: ['logicalNot'],
  Neg: ['neg'],
  Reciprocal: ['reciprocal'],
  Relu: ['relu'],
  Relu6: ['relu6'],
  Round: ['round'],
  Rsqrt: ['rsqrt'],
  Selu: ['selu'],
  Sigmoid: ['sigmoid'],
  Sign: ['sign'],
  Sin: ['sin'],
  Sinh: ['sinh'],
  Softplus: ['softplus'],
  Sqrt: ['sqrt'],
  Square: ['square'],
  Step: ['step kernel'],
  Tan: ['tan'],
  Tanh: ['tanh'],

  // Reductions.
  Sum: ['sum'],
  Max: ['max'],
  Min: ['min'],
  Mean: ['mean'],
  Prod: ['prod'],
  All: ['all'],
  Any: ['any'],
  ArgMax: ['argmax'],
  ArgMin: ['argmin'],

  // Layout.
  Tile: ['tile'],
  Transpose: ['transpose'],
  Concat: ['concat1d', 'concat2d', 'concat3d', 'concat throws for non-tensors', 'memory test'],
  ResizeBilinear: ['resizeBilinear', 'resizeBilinear gradients'],

  // Pooling and its gradients (avgPool's gradient specs live in the avgPool block).
  MaxPool: ['maxPool', 'pool'],
  AvgPool: ['avgPool', 'pool'],
  MaxPoolGrad: ['maxPool', 'maxPoolBackprop', 'poolBackprop'],
  AvgPoolGrad: ['avgPool', 'poolBackprop'],

  // Normalisation.
  FusedBatchNorm: ['batchNorm4D', 'batchNorm3D', 'batchNorm2D'],
  // Benchtop's own kernel: FusedBatchNorm's gradient on native (their gradient specs).
  BenchtopFusedBatchNormGrad: ['batchNorm4D', 'batchNorm3D', 'batchNorm2D'],
  Softmax: ['softmax'],
  LogSoftmax: ['logSoftmax'],
}

/**
 * Native kernels that tfjs-core has no op test for, each with the reason. A native kernel in
 * neither table fails the run: it would otherwise go untested without anyone deciding so.
 * @type {Readonly<Record<string, string>>}
 */
export const KERNELS_WITHOUT_TESTS = {
  BenchtopTanhSequence: "Benchtop's own whole-sequence recurrent kernel (char-rnn): tfjs-core has no such op; tests/native/rnnSequence.test.ts checks its states and every gradient against the composed tfjs ops on cpu",
  BenchtopTanhSequenceGrad: "Benchtop's own whole-sequence recurrent kernel (char-rnn): tfjs-core has no such op; tests/native/rnnSequence.test.ts checks its states and every gradient against the composed tfjs ops on cpu",
  BenchtopGruSequence: "Benchtop's own whole-sequence recurrent kernel (char-rnn): tfjs-core has no such op; tests/native/rnnSequence.test.ts checks its states and every gradient against the composed tfjs ops on cpu",
  BenchtopGruSequenceGrad: "Benchtop's own whole-sequence recurrent kernel (char-rnn): tfjs-core has no such op; tests/native/rnnSequence.test.ts checks its states and every gradient against the composed tfjs ops on cpu",
  BenchtopBatchNormTraining: "Benchtop's own batch normalisation in training (moments, normalisation and its gradient in one kernel each; tfjs-layers composes it from tf.moments and tf.batchNorm): tfjs-core has no such op; tests/native/batchNormTraining.test.ts checks y, the moments and every gradient against the composed tfjs ops on cpu, and the layer against tfjs-layers' BatchNormalization",
  BenchtopBatchNormTrainingGrad: "Benchtop's own batch normalisation in training (moments, normalisation and its gradient in one kernel each; tfjs-layers composes it from tf.moments and tf.batchNorm): tfjs-core has no such op; tests/native/batchNormTraining.test.ts checks y, the moments and every gradient against the composed tfjs ops on cpu, and the layer against tfjs-layers' BatchNormalization",
  BenchtopHardSwish: "Benchtop's own fused hard swish (MobileNetV3's Mul, Add, Relu6 and Mul in one pass; src/main/engine/graphFusion.ts puts it in graph models): tfjs-core has no such op; tests/native/hardSwish.test.ts checks it bit for bit against the composed ops on cpu, and CenterNet fused against unfused",
}

/**
 * Selected specs that do not run, each with the reason. `describe` is the block's name, `spec`
 * a substring of the spec's own name (after `test-native {} `).
 * @type {ReadonlyArray<{ describe: string, spec: string, reason: string }>}
 */
export const EXCLUSIONS = []

/** The env the suite runs in: named like tfjs-backend-wasm's `test-wasm`, data readable synchronously. */
export const TEST_ENV = { name: 'test-native', backendName: 'native', flags: {}, isDataSync: true }

/** `conv2d test-native {} ` for describe `conv2d`: the prefix every selected spec's full name starts with. */
export function describePrefix(describe) {
  return `${describe} ${TEST_ENV.name} ${JSON.stringify(TEST_ENV.flags)} `
}

/**
 * The describe names to run for `kernelNames` (those of NATIVE_KERNELS), and the kernels in
 * neither KERNEL_TESTS nor KERNELS_WITHOUT_TESTS (a failure: a new native kernel is never silently
 * untested).
 */
export function selectDescribes(kernelNames) {
  const describes = new Set()
  const unmapped = []
  for (const name of kernelNames) {
    const rows = KERNEL_TESTS[name]
    if (rows) for (const d of rows) describes.add(d)
    else if (!(name in KERNELS_WITHOUT_TESTS)) unmapped.push(name)
  }
  return { describes: [...describes].sort(), unmapped }
}

/**
 * Which selected describe block a spec (by full name) belongs to, and whether EXCLUSIONS leaves it
 * out; null for a spec that is not a test of a native kernel.
 * @returns {{ describe: string, excluded: boolean } | null}
 */
export function classifySpec(fullName, describes) {
  for (const d of describes) {
    const prefix = describePrefix(d)
    if (!fullName.startsWith(prefix)) continue
    const spec = fullName.slice(prefix.length)
    return { describe: d, excluded: EXCLUSIONS.some((e) => e.describe === d && spec.includes(e.spec)) }
  }
  return null
}
