/**
 * The engine's choice with a fake WebGPU adapter: Dawn is replaced by a stand-in that reports the
 * adapter info given here and, when asked for a device, registers `webgpu` as a copy of the cpu
 * backend. A software adapter is reported and never selected unless forced; a hardware one comes
 * before tfjs-node and native.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AdapterFacts } from '../../src/main/engine/webgpu/adapter'

const fake = vi.hoisted(() => ({ facts: null as AdapterFacts | null, activated: 0, released: 0 }))

vi.mock('../../src/main/engine/webgpu', async () => {
  const adapter = await vi.importActual<typeof import('../../src/main/engine/webgpu/adapter')>('../../src/main/engine/webgpu/adapter')
  const tf = await import('@tensorflow/tfjs-core')
  const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu')
  let report: ReturnType<typeof adapter.describeAdapter> | null = null
  return {
    ...adapter,
    WEBGPU_BACKEND: 'webgpu',
    webgpuPackages: () => ({ version: 'fake dawn' }),
    openWebgpu: async () => {
      if (!fake.facts) throw new Error('Dawn found no GPU adapter')
      report = adapter.describeAdapter(fake.facts)
      return report
    },
    webgpuAdapter: () => report,
    registerWebgpu: async () => {
      fake.activated += 1
      if (!tf.findBackendFactory('webgpu')) tf.registerBackend('webgpu', () => new MathBackendCPU(), 0)
      for (const config of tf.getKernelsForBackend('cpu')) {
        if (!tf.getKernel(config.kernelName, 'webgpu')) tf.registerKernel({ ...config, backendName: 'webgpu' })
      }
    },
    releaseWebgpu: () => {
      fake.released += 1
      report = null
      if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu')
    },
  }
})

const { probeBackends } = await import('../../src/main/engine/backends')
const { CNN_TRAINING_KERNELS } = await import('../../src/main/engine/kernels')

const SWIFTSHADER: AdapterFacts = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true, maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 }
const LLVMPIPE: AdapterFacts = { vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15.0.6, 256 bits)', description: 'Mesa 22.3.6' }
const NVIDIA: AdapterFacts = { vendor: 'nvidia', architecture: 'ampere', device: '0x2204', description: 'NVIDIA: 550.54.14', isFallbackAdapter: false, maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 }

beforeEach(() => {
  fake.activated = 0
  fake.released = 0
})

describe('engine selection with a WebGPU adapter', () => {
  it.each([
    ['SwiftShader', SWIFTSHADER],
    ['llvmpipe', LLVMPIPE],
  ])('a software adapter (%s) is reported, not selected, and no device is taken', async (_name, facts) => {
    fake.facts = facts
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS })
    const webgpu = reports.find((r) => r.name === 'webgpu')!
    expect(webgpu).toMatchObject({ tried: true, ok: true, selected: false })
    expect(webgpu.adapter?.software).toBe(true)
    expect(webgpu.reason).toMatch(/software adapter.*never chosen automatically.*--backend webgpu forces it/)
    expect(fake.activated).toBe(0)
    expect(fake.released).toBeGreaterThan(0)
    const selected = reports.find((r) => r.selected)
    expect(selected?.name).toBeDefined()
    expect(selected?.name).not.toBe('webgpu')
  })

  it('the doctor (all backends) reports a software adapter without taking a device, and does not select it', async () => {
    fake.facts = SWIFTSHADER
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS, all: true })
    const webgpu = reports.find((r) => r.name === 'webgpu')!
    expect(webgpu).toMatchObject({ tried: true, ok: true, selected: false })
    expect(webgpu.selfTestMs).toBeNull()
    expect(fake.activated).toBe(0)
    expect(webgpu.adapter).toMatchObject({ architecture: 'swiftshader', software: true, maxBufferSize: 2 ** 30 })
    expect(reports.find((r) => r.selected)?.name).not.toBe('webgpu')
    // The device is given back after the self test: the doctor's process holds no GPU.
    expect(fake.released).toBeGreaterThan(0)
  })

  it('--backend webgpu forces a software adapter', async () => {
    fake.facts = SWIFTSHADER
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS, force: 'webgpu' })
    expect(reports.find((r) => r.selected)?.name).toBe('webgpu')
    expect(reports.find((r) => r.name === 'webgpu')!.reason).toBeNull()
    expect(fake.activated).toBe(1)
  })

  it('a hardware adapter is selected ahead of tfjs-node and native', async () => {
    fake.facts = NVIDIA
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS })
    const webgpu = reports.find((r) => r.name === 'webgpu')!
    expect(webgpu).toMatchObject({ tried: true, ok: true, selected: true, reason: null })
    expect(webgpu.adapter).toMatchObject({ vendor: 'nvidia', software: false, maxStorageBufferBindingSize: 2 ** 31 })
    for (const later of ['tensorflow', 'native', 'wasm', 'cpu']) {
      expect(reports.find((r) => r.name === later)!.reason).toBe('not tried: webgpu was selected first')
    }
    expect(fake.released).toBe(0)
  })

  it('no adapter at all: the reason is Dawn\'s, and the next backend trains', async () => {
    fake.facts = null
    const reports = await probeBackends({ required: CNN_TRAINING_KERNELS })
    const webgpu = reports.find((r) => r.name === 'webgpu')!
    expect(webgpu).toMatchObject({ tried: true, ok: false, selected: false })
    expect(webgpu.reason).toContain('Dawn found no GPU adapter')
    expect(reports.find((r) => r.selected)).toBeDefined()
  })
})
