/**
 * Timing one experiment's training step in this process: resolve its config, pick a backend as a
 * training process would (or the one asked for), build its bench step, time or profile it.
 * Shared by `benchtop bench step` and the npm bench scripts.
 */
import * as tf from '@tensorflow/tfjs-core'
import { BACKEND_ORDER, type BackendName, type ConfigValue } from '../../shared/api'
import { probeBackends } from '../engine/backends'
import type { BenchStep, ResolvedConfig } from '../experiments/contract'
import { resolveConfig } from '../experiments/config'
import { experimentInfo, findExperiment } from '../experiments/registry'
import { aggregateKernels, type KernelTotal } from './profile'

export class BenchSetupError extends Error {}

export function checkBackendName(name: string): BackendName {
  if (!(BACKEND_ORDER as readonly string[]).includes(name)) {
    throw new BenchSetupError(`unknown backend '${name}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
  }
  return name as BackendName
}

/**
 * Makes `force` (or the first backend that has every `required` kernel) the active one; the
 * error names the reason when it cannot.
 */
export async function selectBackend(required: readonly string[], force?: BackendName): Promise<BackendName> {
  const reports = await probeBackends({ required, force })
  const selected = reports.find((r) => r.selected)
  if (selected) return selected.name
  if (force) {
    const report = reports.find((r) => r.name === force)
    throw new BenchSetupError(`backend ${force} is not available: ${report?.reason ?? 'it did not load'}`)
  }
  throw new BenchSetupError(`no backend here has the kernels needed: ${reports.map((r) => `${r.name}: ${r.reason ?? 'unusable'}`).join('; ')}`)
}

export interface OpenedStep {
  experiment: string
  backend: BackendName
  config: ResolvedConfig
  bench: BenchStep
}

export interface OpenStepOptions {
  experiment: string
  preset?: string
  /** `--set` values (and `batch`), validated against the experiment's fields. */
  overrides?: Record<string, ConfigValue>
  backend?: BackendName
  seed?: number
}

/** Resolves, selects the backend, and builds the experiment's bench step. */
export async function openBenchStep(o: OpenStepOptions): Promise<OpenedStep> {
  const experiment = findExperiment(o.experiment)
  const { config } = resolveConfig(experimentInfo(experiment), o.preset, o.overrides ?? {})
  const backend = await selectBackend(experiment.requiredKernels, o.backend)
  // Every experiment has a bench step: the contract makes it a required part.
  const bench = (await experiment.benchStep())({ config, seed: o.seed ?? 1 })
  return { experiment: experiment.id, backend, config, bench }
}

/** Milliseconds of each of `steps` steps, after `warmup` untimed ones (kernels set up, buffers allocated). */
export async function timeSteps(bench: BenchStep, steps: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await bench.step()
  const times: number[] = []
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now()
    await bench.step()
    times.push(performance.now() - t0)
  }
  return times
}

/**
 * Per-kernel milliseconds of one step (tf.profile), summed by kernel, the `top` largest, and
 * `kernelCalls`, the kernels the step ran (the `name__op` rows not counted).
 * `kernelMs` is their total without the `name__op` rows: those are ops (customGrad ones, such as
 * fusedConv2d__op) whose time includes the kernels recorded beneath them.
 */
export async function profileStep(bench: BenchStep, top = 25): Promise<{ kernels: KernelTotal[]; kernelMs: number; kernelCalls: number }> {
  const info = await tf.profile(() => bench.step())
  const all = aggregateKernels(info.kernels, Infinity)
  const kernelRows = all.filter((k) => !k.kernel.endsWith('__op'))
  const kernelMs = Math.round(kernelRows.reduce((sum, k) => sum + k.ms, 0) * 100) / 100
  const kernelCalls = kernelRows.reduce((sum, k) => sum + k.calls, 0)
  return { kernels: all.slice(0, top), kernelMs, kernelCalls }
}
