import { existsSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import type { HostInfo } from '../../shared/api'

/** Name of the first NVIDIA GPU the driver exposes, or null when none is visible. */
export function visibleGpu(): string | null {
  const dir = '/proc/driver/nvidia/gpus'
  if (!existsSync(dir)) return null
  try {
    for (const bus of readdirSync(dir)) {
      const info = readFileSync(`${dir}/${bus}/information`, 'utf8')
      const model = /^Model:\s*(.+)$/m.exec(info)
      if (model) return model[1].trim()
    }
    return 'NVIDIA GPU'
  } catch {
    return 'NVIDIA GPU'
  }
}

export function hostInfo(): HostInfo {
  const cpus = os.cpus()
  return {
    platform: os.platform(),
    arch: os.arch(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gpu: visibleGpu(),
    node: process.versions.node,
    hostname: os.hostname(),
  }
}
