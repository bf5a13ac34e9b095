/**
 * Finds, loads and checks TensorFlow.js backends inside a training process. Only the worker
 * imports this file: loading tfjs-node or WebAssembly belongs in the process that trains.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
// Gradient functions ship only in the umbrella package's bundle, which registers them into tfjs-core.
import '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'

// Production mode: no "install tfjs-node" banner in every log; the doctor reports backends itself.
tf.env().set('PROD', true)
import { BACKEND_ORDER, type BackendName, type BackendReport } from '../../shared/api'
import { appRoot, appVersion } from '../paths'
import { describeMissingAddon, NATIVE_BACKEND, nativeBackendError, nativeVersion, registerNativeBackend } from './native'
import { visibleGpu } from './host'
import { adapterLine, autoSelectable, loadWebgpuKernels, openWebgpu, registerWebgpu, releaseWebgpu, webgpuAdapter, webgpuPackages, WEBGPU_BACKEND } from './webgpu'

const require = createRequire(import.meta.url)

interface Candidate {
  name: BackendName
  package: string
  /** Registered tfjs backend name. */
  tfName: string
  /** Returns a reason not to try, or null. */
  skip(): string | null
  load(): Promise<string | null>
  /** After a successful load: why the engine must not pick it unless forced (a software GPU), or null. */
  notAutomatic?(): string | null
  /** Registers the tfjs backend (after notAutomatic let it through); load() alone only inspects. */
  activate?(): Promise<void>
  /** Frees what load/activate took (the GPU device) when the backend ends up unused. */
  release?(): void
  /** The GPU adapter found by load. */
  adapter?(): BackendReport['adapter']
  /** Registers the backend's kernels where load() does not (webgpu: on activate), so they can be listed. */
  kernels?(): Promise<void>
}

function packageVersion(pkg: string): string | null {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version
  } catch {
    return null
  }
}

/** Imports a package that may be absent; the name is a variable so bundlers leave it alone. */
function importOptional(pkg: string): Promise<unknown> {
  return import(/* @vite-ignore */ pkg)
}

function nativeAddonPath(): string {
  return path.join(appRoot(), 'build', 'Release', 'benchtop_native.node')
}

function describeLoadError(pkg: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/Cannot find (package|module)/.test(message) && message.includes(pkg)) {
    return `${pkg} is not installed (an optional dependency: its install downloads libtensorflow, which needs network access)`
  }
  return `${pkg} failed to load: ${message.split('\n')[0]}`
}

const candidates: Candidate[] = [
  {
    name: 'tensorflow-gpu',
    package: '@tensorflow/tfjs-node-gpu',
    tfName: 'tensorflow',
    skip: () => (visibleGpu() ? null : 'no NVIDIA GPU is visible (/proc/driver/nvidia/gpus is absent)'),
    load: async () => {
      await importOptional('@tensorflow/tfjs-node-gpu')
      return packageVersion('@tensorflow/tfjs-node-gpu')
    },
  },
  {
    name: 'webgpu',
    package: 'webgpu (Dawn) + @tensorflow/tfjs-backend-webgpu',
    tfName: WEBGPU_BACKEND,
    skip: () => {
      const packages = webgpuPackages()
      return 'missing' in packages ? packages.missing : null
    },
    load: async () => {
      await openWebgpu()
      const packages = webgpuPackages()
      return 'version' in packages ? packages.version : null
    },
    notAutomatic: () => {
      const adapter = webgpuAdapter()
      if (!adapter) return 'no adapter'
      const verdict = autoSelectable(adapter)
      return verdict.ok ? null : verdict.reason
    },
    activate: () => registerWebgpu(),
    release: () => releaseWebgpu(),
    adapter: () => webgpuAdapter(),
    kernels: () => loadWebgpuKernels(),
  },
  {
    name: 'tensorflow',
    package: '@tensorflow/tfjs-node',
    tfName: 'tensorflow',
    skip: () => null,
    load: async () => {
      await importOptional('@tensorflow/tfjs-node')
      return packageVersion('@tensorflow/tfjs-node')
    },
  },
  {
    name: 'native',
    package: 'benchtop native kernels (build/Release/benchtop_native.node)',
    tfName: NATIVE_BACKEND,
    skip: () => (existsSync(nativeAddonPath()) ? null : describeMissingAddon()),
    load: async () => {
      if (!registerNativeBackend()) throw new Error(nativeBackendError() ?? 'registering the backend failed')
      return nativeVersion()
    },
  },
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    tfName: 'wasm',
    skip: () => null,
    load: async () => {
      const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')
      setWasmPaths(path.dirname(wasmFile) + path.sep)
      return packageVersion('@tensorflow/tfjs-backend-wasm')
    },
  },
  {
    name: 'cpu',
    package: '@tensorflow/tfjs-backend-cpu',
    tfName: 'cpu',
    skip: () => null,
    load: async () => packageVersion('@tensorflow/tfjs-backend-cpu'),
  },
]

/** A 3x3 conv forward and both gradients: proves the backend computes, and times it. */
async function selfTest(): Promise<number> {
  const start = performance.now()
  const value = tf.tidy(() => {
    const x = tf.randomUniform([2, 16, 16, 8], -1, 1, 'float32', 1)
    const w = tf.randomUniform([3, 3, 8, 8], -1, 1, 'float32', 2)
    const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.mean(tf.square(tf.conv2d(a, b, 1, 'same')))
    const [dx, dw] = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, w])
    return tf.add(tf.sum(dx), tf.sum(dw))
  })
  const result = (await value.data())[0]
  value.dispose()
  if (!Number.isFinite(result)) throw new Error('self test produced a non-finite value')
  return Math.round((performance.now() - start) * 10) / 10
}

function missingKernels(tfName: string, required: readonly string[]): string[] {
  return required.filter((kernel) => tf.getKernel(kernel, tfName) === undefined)
}

export interface ProbeOptions {
  /** Kernels the work needs; a backend lacking one is reported and not selected. */
  required: readonly string[]
  /** Use only this backend (others are reported as not tried). */
  force?: BackendName
  /**
   * Kernels to look up in every backend that loads, reported as `absentKernels` without bearing on
   * the selection: every experiment's, so a caller can tell which backends can train which experiment.
   */
  listed?: readonly string[]
}

/**
 * Tries every backend in BACKEND_ORDER, reports each, and leaves the selected one active.
 * Stops trying once one is selected, unless `all` is set (the doctor tries everything).
 */
export async function probeBackends(options: ProbeOptions & { all?: boolean }): Promise<BackendReport[]> {
  const reports: BackendReport[] = []
  let selected: Candidate | null = null
  for (const name of BACKEND_ORDER) {
    const candidate = candidates.find((c) => c.name === name)!
    const report: BackendReport = {
      name,
      package: candidate.package,
      tried: false,
      ok: false,
      version: null,
      reason: null,
      missingKernels: [],
      selfTestMs: null,
      selected: false,
    }
    reports.push(report)
    if (options.force && options.force !== name) {
      report.reason = `not tried: --backend ${options.force} was requested`
      continue
    }
    if (selected && !options.all) {
      report.reason = `not tried: ${selected.name} was selected first`
      continue
    }
    const skip = candidate.skip()
    if (skip) {
      report.reason = `not tried: ${skip}`
      continue
    }
    report.tried = true
    let notAutomatic: string | null = null
    try {
      report.version = await candidate.load()
      report.adapter = candidate.adapter?.() ?? undefined
      if (options.listed) {
        await candidate.kernels?.()
        report.absentKernels = missingKernels(candidate.tfName, options.listed)
      }
      notAutomatic = options.force === name ? null : (candidate.notAutomatic?.() ?? null)
      if (notAutomatic) {
        // Working but not to be picked (a software GPU): reported without taking a device, even
        // by the doctor (a software GPU's self test compiles shaders on the CPU for many seconds).
        report.ok = true
        report.reason = notAutomatic
        candidate.release?.()
        continue
      }
      await candidate.activate?.()
      if (!(await tf.setBackend(candidate.tfName))) throw new Error('tf.setBackend returned false')
      await tf.ready()
      report.missingKernels = missingKernels(candidate.tfName, options.required)
      // The self test trains a conv; a backend without the filter gradient (wasm) is still fine for work that needs none.
      report.selfTestMs = tf.getKernel('Conv2DBackpropFilter', candidate.tfName) ? await selfTest() : null
      report.ok = true
    } catch (error) {
      report.reason = report.reason ?? describeLoadError(candidate.package, error)
      candidate.release?.()
      continue
    }
    if (report.missingKernels.length > 0) {
      report.reason = `cannot train: no ${report.missingKernels.join(', ')} kernel`
    } else if (notAutomatic) {
      report.reason = notAutomatic
    } else if (!selected) {
      selected = candidate
      report.selected = true
    }
  }
  // Nothing keeps a GPU device it does not train on.
  for (const candidate of candidates) {
    if (candidate !== selected && reports.some((r) => r.name === candidate.name && r.tried)) candidate.release?.()
  }
  if (selected) await tf.setBackend(selected.tfName)
  return reports
}

export function tfVersions(): Record<string, string> {
  const versions: Record<string, string> = { 'tfjs-core': tf.version_core, node: process.versions.node }
  for (const pkg of ['@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'webgpu']) {
    const v = packageVersion(pkg)
    if (v) versions[pkg.replace('@tensorflow/', '')] = v
  }
  versions.benchtop = appVersion()
  return versions
}
