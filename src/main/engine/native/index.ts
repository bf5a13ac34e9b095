/**
 * Benchtop's `native` TensorFlow.js backend: the cpu backend's tensor storage and kernels, with
 * the convolution and matrix-product kernels replaced by C++ ones (im2col + BLAS sgemm) from
 * build/Release/benchtop_native.node. See native/README.md.
 */
import * as tf from '@tensorflow/tfjs-core'
// The full package, not its base: importing it registers the cpu kernels that native copies.
import '@tensorflow/tfjs-backend-cpu'
import { describeNative, loadNativeAddon, type NativeInfo } from './addon'
import { NATIVE_KERNELS } from './kernels'
import { RecyclingCpuBackend } from './recyclingBackend'
import { ensureNativeBatchNormGradient } from './kernels/FusedBatchNormGrad'
import { registerRnnSequenceGradients } from './kernels/RnnSequence'
import { registerBatchNormTrainingGradient } from './kernels/BatchNormTraining'
import { NATIVE_BACKEND } from './kernels/util'

export { NATIVE_BACKEND } from './kernels/util'
export { NATIVE_KERNELS } from './kernels'
export { describeMissingAddon, describeNative, nativeAddonPath, type NativeInfo } from './addon'

let registered = false
let lastError: string | null = null

/**
 * Loads the addon and registers the `native` backend with every cpu kernel plus the native ones.
 * Returns false, with nativeBackendError() saying why, when the addon is missing or broken.
 * Idempotent. Registers with priority 0, so it runs only where tf.setBackend('native') asks.
 */
export function registerNativeBackend(): boolean {
  if (registered) return true
  try {
    const addon = loadNativeAddon()
    addon.info()
    const cpuKernels = tf.getKernelsForBackend('cpu')
    if (cpuKernels.length === 0) throw new Error('the cpu backend registered no kernels to build on')
    if (!tf.findBackendFactory(NATIVE_BACKEND)) {
      tf.registerBackend(NATIVE_BACKEND, () => new RecyclingCpuBackend(), 0)
    }
    const nativeNames = new Set(NATIVE_KERNELS.map((k) => k.kernelName))
    for (const config of cpuKernels) {
      if (nativeNames.has(config.kernelName) || tf.getKernel(config.kernelName, NATIVE_BACKEND)) continue
      tf.registerKernel({ ...config, backendName: NATIVE_BACKEND })
    }
    for (const config of NATIVE_KERNELS) {
      if (tf.getKernel(config.kernelName, NATIVE_BACKEND)) tf.unregisterKernel(config.kernelName, NATIVE_BACKEND)
      tf.registerKernel(config)
    }
    ensureNativeBatchNormGradient()
    registerRnnSequenceGradients()
    registerBatchNormTrainingGradient()
    registered = true
    lastError = null
    return true
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error)
    return false
  }
}

/** Why the last registerNativeBackend() failed, or null. */
export function nativeBackendError(): string | null {
  return lastError
}

/** The addon's BLAS, threads and version (loads the addon; throws when it cannot). */
export function nativeInfo(): NativeInfo {
  return loadNativeAddon().info()
}

/** "0.1.0 (openblas, 2 threads)". */
export function nativeVersion(): string {
  return describeNative(nativeInfo())
}
