/**
 * Which WebGPU adapters count as hardware, on the adapter infos real drivers report (copied from
 * Dawn's output on each: GPUAdapterInfo's vendor / architecture / device / description).
 */
import { describe, expect, it } from 'vitest'
import { adapterLine, autoSelectable, describeAdapter, softwareAdapterReason, type AdapterFacts } from '../../src/main/engine/webgpu/adapter'

const GiB = 2 ** 30

const SOFTWARE: Record<string, AdapterFacts> = {
  // Debian's chromium ICD, as Dawn reports it here.
  swiftshader: { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true },
  // SwiftShader in a Dawn build that leaves the fallback flag unset: the name alone decides.
  swiftshaderNoFlag: { vendor: 'google', architecture: '', device: '', description: 'SwiftShader Device (Subzero)' },
  lavapipe: { vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15.0.6, 256 bits)', description: 'Mesa 22.3.6 (LLVM 15.0.6)' },
  lavapipeDriver: { vendor: '', architecture: '', device: '', description: 'lavapipe: Mesa 24.0' },
  warp: { vendor: 'microsoft', architecture: '', device: 'Microsoft Basic Render Driver', description: 'D3D12 WARP' },
  dawnNull: { vendor: '', architecture: '', device: '', description: 'Null backend' },
  flaggedOnly: { vendor: 'acme', architecture: 'virtual', device: 'acme-0', description: 'some driver', isFallbackAdapter: true },
}

const HARDWARE: Record<string, AdapterFacts> = {
  nvidia: { vendor: 'nvidia', architecture: 'ampere', device: '0x2204', description: 'NVIDIA: 550.54.14 550.54.14.0', isFallbackAdapter: false },
  amd: { vendor: 'amd', architecture: 'rdna-2', device: '0x73bf', description: 'AMD open-source driver: 2023.Q3.2' },
  intel: { vendor: 'intel', architecture: 'gen-12lp', device: '0x9a49', description: 'Intel open-source Mesa driver: Mesa 23.2.1' },
  apple: { vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2' },
}

describe('software adapters', () => {
  it.each(Object.entries(SOFTWARE))('%s is a software adapter', (_name, facts) => {
    const report = describeAdapter({ ...facts, maxBufferSize: GiB, maxStorageBufferBindingSize: GiB / 2 })
    expect(report.software).toBe(true)
    expect(report.softwareReason).toMatch(/^a software adapter: /)
    const verdict = autoSelectable(report)
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) expect(verdict.reason).toContain('--backend webgpu forces it')
  })

  it('names what matched, so the doctor can say why', () => {
    expect(softwareAdapterReason(SOFTWARE.swiftshader)).toBe('a software adapter: SwiftShader (architecture "swiftshader")')
    expect(softwareAdapterReason(SOFTWARE.lavapipe)).toContain('llvmpipe')
    expect(softwareAdapterReason(SOFTWARE.warp)).toContain('WARP')
    expect(softwareAdapterReason(SOFTWARE.dawnNull)).toContain('null backend')
    expect(softwareAdapterReason(SOFTWARE.flaggedOnly)).toContain('isFallbackAdapter')
  })
})

describe('hardware adapters', () => {
  it.each(Object.entries(HARDWARE))('%s is hardware and may be selected', (_name, facts) => {
    const report = describeAdapter(facts)
    expect(report.software).toBe(false)
    expect(report.softwareReason).toBeNull()
    expect(autoSelectable(report)).toEqual({ ok: true })
  })

  it('reports the limits that bound the largest tensor', () => {
    const report = describeAdapter({ ...HARDWARE.nvidia, maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB })
    expect(report).toMatchObject({ vendor: 'nvidia', architecture: 'ampere', maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB })
    expect(adapterLine(report)).toBe('nvidia ampere 0x2204 (NVIDIA: 550.54.14 550.54.14.0), max buffer 4 GiB, max storage binding 2 GiB')
  })
})
