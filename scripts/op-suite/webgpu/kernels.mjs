/**
 * Which of tfjs-core's op tests run against `webgpu`: the describe blocks of every kernel the
 * experiments train with (EXPERIMENT_KERNELS, recorded from tiny runs of shapes-cnn, resnet and
 * char-rnn on cpu plus the ops char-rnn's loss uses on webgpu; tests/webgpu/kernelList.test.ts
 * keeps it complete). Not every kernel of tfjs-backend-webgpu: tfjs tests those itself, in a
 * browser; these are the ones Benchtop's runs depend on, here on Dawn in Node.
 */
import { KERNEL_TESTS } from '../kernel-tests.mjs'

/** Kernel -> describe blocks, for the experiments' kernels KERNEL_TESTS (the native table) lacks. */
const EXTRA_TESTS = {
  Concat: ['concat1d', 'concat2d', 'concat3d'],
  Slice: ['slice1d', 'slice2d', 'slice3d', 'slice4d'],
  Pack: ['stack'],
  Unpack: ['unstack'],
  PadV2: ['pad 1d', 'pad 2d', 'pad 4d'],
  OneHot: ['oneHot'],
  Select: ['where'],
  ZerosLike: ['zerosLike'],
  OnesLike: ['onesLike'],
  Identity: ['clone'],
}

/** @type {Readonly<Record<string, readonly string[]>>} */
export const EXPERIMENT_KERNEL_TESTS = Object.fromEntries(
  [
    'Abs', 'Add', 'AddN', 'ArgMax', 'AvgPool', 'AvgPoolGrad', 'BatchMatMul', 'ClipByValue', 'Concat',
    'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Equal', 'Exp', 'Floor', 'FusedBatchNorm',
    'FusedConv2D', 'Greater', 'GreaterEqual', 'Identity', 'LessEqual', 'Log', 'Log1p', 'LogicalAnd',
    'LogSoftmax', 'Max', 'MaxPool', 'MaxPoolGrad', 'Mean', 'Minimum', 'Multiply', 'Neg', 'OneHot',
    'OnesLike', 'Pack', 'PadV2', 'RealDiv', 'Relu', 'Rsqrt', 'Select', 'Sigmoid', 'Slice', 'Softmax',
    'Sqrt', 'Square', 'Step', 'Sub', 'Sum', 'Tanh', 'Tile', 'Transpose', 'Unpack', 'ZerosLike', '_FusedMatMul',
  ].map((k) => [k, EXTRA_TESTS[k] ?? KERNEL_TESTS[k]]),
)

/** Kernels the experiments use that have no op test in tfjs-core, with the reason. */
export const KERNELS_WITHOUT_TESTS = {
  Cast: 'no describe block of its own in tfjs-core 4.22; every block above casts its inputs and labels',
  Reshape: 'tested in tensor_test.js, not under dist/ops; a metadata change on webgpu (no kernel runs)',
}

/**
 * Selected specs that do not run, each with the reason. `describe` is the block's name, `spec` a
 * substring of the spec's own name; `software: true` leaves it out on a software adapter only
 * (SwiftShader's arithmetic, not tfjs's kernel), so the GPU check still runs it on hardware.
 * @type {ReadonlyArray<{ describe: string, spec: string, reason: string, software?: boolean }>}
 */
export const EXCLUSIONS = [
  {
    describe: 'exp',
    spec: 'int32',
    software: true,
    reason: 'exp(10) = 22026.4688 against 22026.4658: 1.3e-7 relative (float32 rounding of SwiftShader\'s exp), but the spec\'s tolerance is 1e-3 absolute',
  },
  {
    describe: 'log',
    spec: 'log propagates NaNs',
    software: true,
    reason: "WGSL leaves NaN arithmetic to the implementation and SwiftShader's log(NaN) is 89.13; a run that feeds NaN to log has already diverged",
  },
  {
    describe: 'sigmoid',
    spec: 'propagates NaNs',
    software: true,
    reason: "the same: SwiftShader's exp(-NaN) makes sigmoid(NaN) 0, not NaN",
  },
  {
    describe: 'softmax',
    spec: 'Propagates NaNs',
    software: true,
    reason: "the same: SwiftShader's max/exp turn a NaN logit into 0, not NaN",
  },
]

/** The exclusions in force on this adapter. */
export function activeExclusions(software) {
  return EXCLUSIONS.filter((e) => software || !e.software)
}

/**
 * The env: tfjs-backend-webgpu's own (`WEBGPU_CPU_FORWARD: false`, so small ops run on the GPU
 * too instead of its cpu shortcut), but async only: Node has no OffscreenCanvas for sync reads.
 */
export const TEST_ENV = { name: 'test-webgpu', backendName: 'webgpu', flags: { WEBGPU_CPU_FORWARD: false }, isDataSync: false }

export function describePrefix(describe) {
  return `${describe} ${TEST_ENV.name} ${JSON.stringify(TEST_ENV.flags)} `
}

export function selectDescribes() {
  const describes = new Set()
  const unmapped = []
  for (const [kernel, rows] of Object.entries(EXPERIMENT_KERNEL_TESTS)) {
    if (rows) for (const d of rows) describes.add(d)
    else unmapped.push(kernel)
  }
  return { describes: [...describes].sort(), unmapped }
}

export function classifySpec(fullName, describes, exclusions = EXCLUSIONS) {
  for (const d of describes) {
    const prefix = describePrefix(d)
    if (!fullName.startsWith(prefix)) continue
    const spec = fullName.slice(prefix.length)
    return { describe: d, excluded: exclusions.some((e) => e.describe === d && spec.includes(e.spec)) }
  }
  return null
}
