/**
 * Which backends can train a given experiment, from the doctor's report: used where a backend is
 * chosen for a run that exists already (Resume, in the app and `benchtop resume --backend`). A
 * backend can when it loaded and works here and has every kernel the experiment requires (the
 * report's `absentKernels`, looked up for every experiment's kernels). A software GPU qualifies
 * when chosen by name: it is only never chosen automatically.
 */
import type { BackendName, EngineReport } from './api'

export interface BackendChoice {
  name: BackendName
  usable: boolean
  /** Why it cannot train the experiment, or what to know about it ("chosen automatically", "software GPU: ..."). */
  note: string
}

export function backendChoices(report: EngineReport, requiredKernels: readonly string[]): BackendChoice[] {
  return report.backends.map((b) => {
    if (!b.tried || !b.ok) return { name: b.name, usable: false, note: b.reason ?? (b.tried ? 'failed to load' : 'not tried') }
    if (!b.absentKernels) return { name: b.name, usable: false, note: 'its kernels were not reported; refresh the engine report' }
    const absent = requiredKernels.filter((k) => b.absentKernels!.includes(k))
    if (absent.length > 0) return { name: b.name, usable: false, note: `has no ${absent.join(', ')} kernel` }
    return { name: b.name, usable: true, note: b.selected ? 'chosen automatically' : (b.reason ?? 'works here') }
  })
}

/** Throws a one-line reason when `backend` cannot train an experiment that needs `requiredKernels`. */
export function checkBackendChoice(report: EngineReport, requiredKernels: readonly string[], backend: BackendName, what: string): void {
  const choices = backendChoices(report, requiredKernels)
  const choice = choices.find((c) => c.name === backend)
  if (choice?.usable) return
  const usable = choices.filter((c) => c.usable).map((c) => c.name)
  throw new Error(
    `${what} cannot train on ${backend}: ${choice?.note ?? 'unknown backend'}; backends that can here: ${usable.length ? usable.join(', ') : 'none'}`,
  )
}
