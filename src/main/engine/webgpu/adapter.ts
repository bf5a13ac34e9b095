/**
 * Which WebGPU adapters count as hardware. Pure: takes the fields Dawn reports (GPUAdapterInfo and
 * two limits) and decides; no Dawn, no files. A software adapter (a GPU implemented on the CPU)
 * works, and trains correctly, but is slower than Benchtop's `native` kernels, so the engine never
 * selects one on its own: `--backend webgpu` still forces it (that is how the tests run on SwiftShader).
 */
import type { GpuAdapterReport } from '../../../shared/api'

/** The subset of GPUAdapterInfo (and the adapter's limits) the decision reads. */
export interface AdapterFacts {
  vendor?: string
  architecture?: string
  device?: string
  description?: string
  /** GPUAdapterInfo.isFallbackAdapter (newer spec) or GPUAdapter.isFallbackAdapter (older). */
  isFallbackAdapter?: boolean
  maxBufferSize?: number
  maxStorageBufferBindingSize?: number
}

/** CPU implementations of Vulkan, D3D12, Metal or WebGPU, by the names their drivers report. */
const SOFTWARE_NAMES: { pattern: RegExp; name: string }[] = [
  { pattern: /swiftshader/i, name: 'SwiftShader' },
  { pattern: /lavapipe/i, name: 'lavapipe' },
  { pattern: /llvmpipe/i, name: 'llvmpipe' },
  { pattern: /softpipe/i, name: 'softpipe' },
  { pattern: /microsoft basic render|\bwarp\b/i, name: 'WARP (Microsoft Basic Render Driver)' },
  { pattern: /^null$|null backend|null device/i, name: "Dawn's null backend" },
]

const FIELDS = ['vendor', 'architecture', 'device', 'description'] as const

/** Why the adapter is a software one, or null when nothing says so. */
export function softwareAdapterReason(facts: AdapterFacts): string | null {
  for (const field of FIELDS) {
    const value = facts[field]
    if (!value) continue
    const match = SOFTWARE_NAMES.find((s) => s.pattern.test(value))
    if (match) return `a software adapter: ${match.name} (${field} "${value}")`
  }
  if (facts.isFallbackAdapter) return 'a software adapter: Dawn marks it as a fallback adapter (isFallbackAdapter)'
  return null
}

export function describeAdapter(facts: AdapterFacts): GpuAdapterReport {
  const reason = softwareAdapterReason(facts)
  return {
    vendor: facts.vendor ?? '',
    architecture: facts.architecture ?? '',
    device: facts.device ?? '',
    description: facts.description ?? '',
    software: reason !== null,
    softwareReason: reason,
    maxBufferSize: facts.maxBufferSize ?? 0,
    maxStorageBufferBindingSize: facts.maxStorageBufferBindingSize ?? 0,
  }
}

/** One line for logs and the doctor: "nvidia ampere (NVIDIA: 550.54), 4 GiB buffers". */
export function adapterLine(a: GpuAdapterReport): string {
  const name = [a.vendor, a.architecture, a.device].filter(Boolean).join(' ') || 'unnamed adapter'
  const gib = (bytes: number) => `${Math.round((bytes / 2 ** 30) * 10) / 10} GiB`
  return `${name}${a.description ? ` (${a.description})` : ''}, max buffer ${gib(a.maxBufferSize)}, max storage binding ${gib(a.maxStorageBufferBindingSize)}${a.software ? ', software' : ''}`
}

/** Whether the engine may pick this adapter without being told to. */
export function autoSelectable(a: GpuAdapterReport): { ok: true } | { ok: false; reason: string } {
  if (!a.software) return { ok: true }
  return { ok: false, reason: `${a.softwareReason}; never chosen automatically (slower than the CPU backends); --backend webgpu forces it` }
}
