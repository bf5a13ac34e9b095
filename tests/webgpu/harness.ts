/**
 * What the WebGPU tests share: finding SwiftShader (Debian chromium's Vulkan ICD), and training an
 * experiment in this process on a chosen backend, as a training process would, collecting its metrics.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import type { BackendName, ConfigValue } from '../../src/shared/api'
import { probeBackends } from '../../src/main/engine/backends'
import { resolveConfig } from '../../src/main/experiments/config'
import { findExperiment, findExperimentInfo } from '../../src/main/experiments/registry'
import { createTrainerContext } from '../../src/main/training/context'
import type { TrainJob } from '../../src/main/training/protocol'

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/**
 * The environment that gives Dawn SwiftShader's adapter, or why there is none. Under CI=true a
 * missing ICD is a failure (`.ci/run` installs chromium); elsewhere the tests skip and say why.
 */
export function swiftshader(): { ok: true; env: Record<string, string> } | { ok: false; reason: string } {
  if (!existsSync(SWIFTSHADER_ICD)) {
    return { ok: false, reason: `SwiftShader's Vulkan ICD (${SWIFTSHADER_ICD}) is absent: install Debian's chromium package` }
  }
  const runtime = process.env.XDG_RUNTIME_DIR ?? path.join(os.tmpdir(), `benchtop-xdg-${process.getuid?.() ?? 0}`)
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  return { ok: true, env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD, XDG_RUNTIME_DIR: runtime } }
}

export const IN_CI = process.env.CI === 'true'

/** Points this process's Dawn at SwiftShader (before it loads); returns false, printing why, when it cannot. */
export function useSwiftshader(suite: string): boolean {
  const s = swiftshader()
  if (s.ok) {
    Object.assign(process.env, s.env)
    return true
  }
  if (IN_CI) throw new Error(`${suite}: ${s.reason} (required under CI=true)`)
  console.log(`skipped ${suite}: ${s.reason}`)
  return false
}

export interface TinyRun {
  metrics: Record<string, number[]>
  status: 'completed' | 'cancelled'
  runDir: string
}

/** Makes `backend` the active one (forced, as --backend does); throws with the doctor's reason. */
export async function activate(backend: BackendName, required: readonly string[]): Promise<void> {
  const reports = await probeBackends({ required, force: backend })
  const report = reports.find((r) => r.name === backend)!
  if (!report.selected) throw new Error(`backend ${backend} is not usable: ${report.reason}`)
  if (tf.getBackend() !== (backend === 'tensorflow-gpu' ? 'tensorflow' : backend)) throw new Error(`tf backend is ${tf.getBackend()}, not ${backend}`)
}

/** Trains `experiment` with `overrides` on the active backend in this process; metrics by name. */
export async function trainHere(experiment: string, overrides: Record<string, ConfigValue>, options: { seed: number; data?: string; home: string; runDir?: string; resumeFrom?: string }): Promise<TinyRun> {
  const { config } = resolveConfig(findExperimentInfo(experiment), undefined, overrides)
  const runDir = options.runDir ?? mkdtempSync(path.join(os.tmpdir(), `benchtop-${experiment}-`))
  const job: TrainJob = {
    runId: path.basename(runDir),
    experiment,
    config,
    seed: options.seed,
    data: options.data ?? null,
    backend: null,
    home: options.home,
    runDir,
    resumeFrom: options.resumeFrom ?? null,
  }
  const metrics: Record<string, number[]> = {}
  const trainer = await findExperiment(experiment).trainer()
  const ctx = createTrainerContext({
    runDir,
    resumeFrom: options.resumeFrom ?? null,
    reporter: {
      metric: (name, _step, _epoch, value) => (metrics[name] ??= []).push(value),
      progress: () => undefined,
      sample: () => undefined,
      log: () => undefined,
    },
  })
  const status = await trainer(job, ctx)
  return { metrics, status, runDir }
}

/** Largest |a - b| / max(1, |b|) over two equally long series. */
export function maxRelativeGap(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`series of ${a.length} and ${b.length} points`)
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]) / Math.max(1, Math.abs(b[i]))))
}
