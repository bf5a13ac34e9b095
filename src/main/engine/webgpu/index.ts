/**
 * The `webgpu` backend: TensorFlow.js's WebGPU kernels (@tensorflow/tfjs-backend-webgpu) on Dawn
 * (the npm package `webgpu`, Dawn's Node binding, prebuilt inside the package). Runs on any GPU
 * with a Vulkan, Metal or D3D12 driver. Only a training process loads it (through backends.ts):
 * the process that serves a UI never holds a GPU device.
 *
 * Life cycle: `openWebgpu` finds the adapter (reported even when it is not used), `registerWebgpu`
 * asks for the device and registers the tfjs backend on it, `releaseWebgpu` destroys the device
 * and drops Dawn so the process can exit. A lost device or a GPU error (out of memory) is passed
 * to the handler `onWebgpuFailure` set, which fails the run: its checkpoints are backend-neutral.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import type { GpuAdapterReport } from '../../../shared/api'
import { describeAdapter } from './adapter'

export { adapterLine, autoSelectable, describeAdapter, softwareAdapterReason, type AdapterFacts } from './adapter'

const require = createRequire(import.meta.url)

export const WEBGPU_BACKEND = 'webgpu'
export const WEBGPU_PACKAGES = ['webgpu', '@tensorflow/tfjs-backend-webgpu'] as const

/* The few parts of the WebGPU API used here (the full types come with @webgpu/types). */
interface GpuLimits {
  maxBufferSize: number
  maxStorageBufferBindingSize: number
  maxComputeWorkgroupStorageSize: number
  maxComputeWorkgroupsPerDimension: number
  maxComputeWorkgroupSizeX: number
  maxComputeInvocationsPerWorkgroup: number
}
interface GpuAdapterInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  isFallbackAdapter?: boolean
}
interface GpuAdapter {
  info: GpuAdapterInfo
  isFallbackAdapter?: boolean
  features: ReadonlySet<string>
  limits: GpuLimits
  requestDevice(descriptor?: unknown): Promise<GpuDevice>
}
interface GpuError {
  message: string
  constructor: { name: string }
}
export interface GpuDevice {
  lost: Promise<{ reason: string; message: string }>
  onuncapturederror: ((event: { error: GpuError }) => void) | null
  destroy(): void
}
interface Gpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapter | null>
}
interface DawnModule {
  create(flags: string[]): Gpu
  globals: Record<string, unknown>
}

interface State {
  gpu: Gpu
  adapter: GpuAdapter
  report: GpuAdapterReport
  device: GpuDevice | null
  /** Set while Benchtop destroys the device itself, so that loss is not reported as a failure. */
  releasing: boolean
}

let state: State | null = null
let failureHandler: ((message: string) => void) | null = null
let pendingFailure: string | null = null

function packageVersion(pkg: string): string | null {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version
  } catch {
    return null
  }
}

/** "webgpu 0.6.2 + tfjs-backend-webgpu 4.22.0", or why the packages cannot be used here. */
export function webgpuPackages(): { version: string } | { missing: string } {
  const dawn = packageVersion('webgpu')
  const kernels = packageVersion('@tensorflow/tfjs-backend-webgpu')
  if (!dawn || !kernels) {
    const absent = [!dawn && 'webgpu', !kernels && '@tensorflow/tfjs-backend-webgpu'].filter(Boolean).join(' and ')
    return { missing: `${absent} ${absent.includes(' and ') ? 'are' : 'is'} not installed (npm ci installs them: Dawn ships prebuilt inside the package)` }
  }
  const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`
  const binary = path.join(path.dirname(require.resolve('webgpu/package.json')), 'dist', platform, 'dawn.node')
  if (!existsSync(binary)) return { missing: `the webgpu package has no Dawn build for ${platform}` }
  return { version: `webgpu ${dawn} + tfjs-backend-webgpu ${kernels}` }
}

/** Imports a package by a variable name, so bundlers leave it to Node. */
function importPackage(pkg: string): Promise<unknown> {
  return import(/* @vite-ignore */ pkg)
}

/** Registers tfjs-backend-webgpu's kernels (its import does) without taking a device: lets the doctor list them. */
export async function loadWebgpuKernels(): Promise<void> {
  await importPackage('@tensorflow/tfjs-backend-webgpu')
}

const NO_ADAPTER =
  'Dawn found no GPU adapter (no Vulkan, Metal or D3D12 device it can use). On Linux this needs the Vulkan loader (libvulkan1) and a driver; ' +
  'for a software GPU point VK_ICD_FILENAMES at SwiftShader (Debian chromium: /usr/lib/chromium/vk_swiftshader_icd.json)'

/**
 * Loads Dawn and finds the adapter (high-performance preference, as tfjs asks). Throws with the
 * reason when there is none. Idempotent: a second call returns the same adapter.
 */
export async function openWebgpu(): Promise<GpuAdapterReport> {
  if (state) return state.report
  const packages = webgpuPackages()
  if ('missing' in packages) throw new Error(packages.missing)
  // The Vulkan loader wants a runtime directory; without one it prints warnings on every start.
  if (process.platform === 'linux' && !process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = require('node:os').tmpdir()
  const dawn = (await importPackage('webgpu')) as DawnModule
  // GPUBufferUsage, GPUMapMode, ... are globals in a browser; tfjs-backend-webgpu uses them as such.
  Object.assign(globalThis, dawn.globals)
  const gpu = dawn.create([])
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (!adapter) throw new Error(NO_ADAPTER)
  const info = adapter.info
  const report = describeAdapter({
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  })
  state = { gpu, adapter, report, device: null, releasing: false }
  return report
}

/** The adapter found by openWebgpu, while Dawn is loaded. */
export function webgpuAdapter(): GpuAdapterReport | null {
  return state?.report ?? null
}

/** The device the backend runs on, while it is registered (tests inject faults through it). */
export function webgpuDevice(): GpuDevice | null {
  return state?.device ?? null
}

function fail(message: string): void {
  if (failureHandler) failureHandler(message)
  else pendingFailure = pendingFailure ?? message
}

/**
 * Who to tell when the device is lost or reports an error nobody caught (out of memory, a bad
 * kernel). A failure that happened before a handler was set is passed on at once.
 */
export function onWebgpuFailure(handler: ((message: string) => void) | null): void {
  failureHandler = handler
  if (handler && pendingFailure) {
    const message = pendingFailure
    pendingFailure = null
    handler(message)
  }
}

const RESUME_HINT = 'the run stopped at its last checkpoint; resume it here or on another backend (benchtop resume RUN --backend native)'

/**
 * tfjs-backend-webgpu checks `navigator.gpu` when it builds its backend. Node 20 has no navigator,
 * newer Node one without `gpu`; either way it is added here and removed again on release (a
 * reference left to Dawn keeps Node from exiting).
 */
function exposeNavigatorGpu(gpu: Gpu | null): void {
  const g = globalThis as unknown as { navigator?: Record<string, unknown> }
  if (gpu) {
    if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true })
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true })
  } else if (g.navigator && 'gpu' in g.navigator) {
    delete g.navigator.gpu
  }
}

/** Asks Dawn for the device (with the adapter's own limits, as tfjs does) and registers `webgpu` on it. */
export async function registerWebgpu(): Promise<void> {
  if (!state) await openWebgpu()
  const s = state!
  if (s.device) return
  const adapter = s.adapter
  const requiredFeatures = adapter.features.has('timestamp-query') ? ['timestamp-query'] : []
  const l = adapter.limits
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  })
  s.device = device
  void device.lost.then((info) => {
    if (s.releasing) return
    fail(`the GPU device was lost (${info.reason}: ${info.message || 'no details'}) on ${s.report.vendor} ${s.report.architecture}; ${RESUME_HINT}`)
  })
  device.onuncapturederror = (event) => {
    const kind = event.error.constructor.name
    const what = kind === 'GPUOutOfMemoryError' ? 'the GPU ran out of memory' : `the GPU reported an error (${kind})`
    fail(`${what}: ${event.error.message.split('\n')[0]}; ${RESUME_HINT} or with a smaller batch`)
  }
  // The package registers its kernels on import; its own backend factory only where navigator.gpu
  // exists at that moment (a browser), so the factory here is the only one.
  const { WebGPUBackend } = (await importPackage('@tensorflow/tfjs-backend-webgpu')) as {
    WebGPUBackend: new (device: GpuDevice, info: GpuAdapterInfo) => tf.KernelBackend
  }
  if (tf.findBackendFactory(WEBGPU_BACKEND)) tf.removeBackend(WEBGPU_BACKEND)
  exposeNavigatorGpu(s.gpu)
  tf.registerBackend(WEBGPU_BACKEND, () => new WebGPUBackend(device, adapter.info), 0)
}

/**
 * Destroys the device as a driver reset would, without telling the failure handler it was on
 * purpose: the tests use it to check that a lost device fails the run with a clear message.
 */
export function loseWebgpuDevice(): boolean {
  if (!state?.device) return false
  state.device.destroy()
  return true
}

/**
 * Unregisters the backend (its buffers freed), destroys the device and drops Dawn, so the GPU is
 * free and Node can exit. Safe to call when nothing is open.
 */
export function releaseWebgpu(): void {
  if (!state) return
  const s = state
  s.releasing = true
  if (tf.findBackendFactory(WEBGPU_BACKEND)) {
    try {
      tf.removeBackend(WEBGPU_BACKEND)
    } catch {
      // A backend that failed to initialise has nothing to dispose.
    }
  }
  if (s.device) {
    s.device.onuncapturederror = null
    s.device.destroy()
  }
  exposeNavigatorGpu(null)
  state = null
}
