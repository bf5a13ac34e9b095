/** Registration of the `native` backend, the addon's info(), and the engine's probe selecting it. */
import * as tf from '@tensorflow/tfjs-core'
import { afterEach, expect, it, vi } from 'vitest'
import { probeBackends } from '../../src/main/engine/backends'
import { CNN_TRAINING_KERNELS } from '../../src/main/engine/kernels'
import { NATIVE_KERNELS, nativeInfo, registerNativeBackend } from '../../src/main/engine/native'
import { loadNativeAddon } from '../../src/main/engine/native/addon'
import { FUSED_BATCH_NORM_GRAD } from '../../src/main/engine/native/kernels/FusedBatchNormGrad'
import { GRU_SEQUENCE, GRU_SEQUENCE_GRAD, TANH_SEQUENCE, TANH_SEQUENCE_GRAD } from '../../src/main/engine/native/kernels/RnnSequence'
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../../src/main/engine/native/kernels/BatchNormTraining'
import { HARD_SWISH } from '../../src/main/engine/native/kernels/HardSwish'
import { skipUnless } from '../helpers/skip'
import { builtinBlasReason, describeNative, use } from './helpers'

describeNative('native backend registration', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('reports its BLAS, threads and version', () => {
    const info = nativeInfo()
    expect(['openblas', 'accelerate', 'builtin']).toContain(info.blas)
    expect(info.threads).toBeGreaterThanOrEqual(1)
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/)
    console.log(`native addon: ${JSON.stringify(info)}`)
  })

  it.skipIf(skipUnless(builtinBlasReason === null, builtinBlasReason ?? ''))('links a system BLAS (CI=true fails on the builtin GEMM)', () => {
    expect(['openblas', 'accelerate']).toContain(nativeInfo().blas)
  })

  it('registers every cpu kernel, with the native ones overriding, plus its own kernels', () => {
    expect(registerNativeBackend()).toBe(true) // idempotent
    // The kernels the cpu backend does not have: FusedBatchNorm's gradient (FusedBatchNormGrad.ts)
    // the whole-sequence recurrent layers with their gradients (RnnSequence.ts) and batch norm in
    // training with its gradient (BatchNormTraining.ts), and the fused hard swish (HardSwish.ts).
    const own = [FUSED_BATCH_NORM_GRAD, TANH_SEQUENCE, TANH_SEQUENCE_GRAD, GRU_SEQUENCE, GRU_SEQUENCE_GRAD, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, HARD_SWISH]
    const cpuNames = [...tf.getKernelsForBackend('cpu').map((k) => k.kernelName), ...own].sort()
    const nativeNames = tf.getKernelsForBackend('native').map((k) => k.kernelName).sort()
    expect(nativeNames).toEqual(cpuNames)
    for (const config of NATIVE_KERNELS) {
      expect(tf.getKernel(config.kernelName, 'native')?.kernelFunc, config.kernelName).toBe(config.kernelFunc)
      expect(tf.getKernel(config.kernelName, 'cpu')?.kernelFunc).not.toBe(config.kernelFunc)
    }
    const names = NATIVE_KERNELS.map((k) => k.kernelName)
    expect(new Set(names).size, 'each kernel once').toBe(names.length)
    for (const name of ['BatchMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedConv2D', '_FusedMatMul']) {
      expect(names).toContain(name)
    }
  })

  it('runs convolutions, their gradients and products through the addon', async () => {
    const addon = loadNativeAddon()
    const spies = (['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'batchMatMul'] as const).map((fn) => vi.spyOn(addon, fn))
    await use('native')
    tf.tidy(() => {
      const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 1) as tf.Tensor4D
      const w = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 2) as tf.Tensor4D
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w])
      dx.dataSync()
      dw.dataSync()
      tf.matMul(tf.ones([3, 4]), tf.ones([4, 2])).dataSync()
    })
    for (const spy of spies) expect(spy).toHaveBeenCalled()
  })

  it('is selected by the engine probe, with its BLAS in the version', async () => {
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS })
    const native = reports.find((r) => r.name === 'native')!
    expect(native.ok, native.reason ?? '').toBe(true)
    expect(native.version).toMatch(/^\d+\.\d+\.\d+ \((openblas|accelerate|builtin), \d+ threads?(, direct AVX-512 convolutions)?(, Winograd 3x3)?\)$/)
    expect(native.missingKernels).toEqual([])
    const selected = reports.find((r) => r.selected)
    // tfjs-node, where installed, comes first; otherwise native wins.
    if (!reports.some((r) => (r.name === 'tensorflow' || r.name === 'tensorflow-gpu') && r.ok)) {
      expect(selected?.name).toBe('native')
      expect(tf.getBackend()).toBe('native')
    }
  })
})
