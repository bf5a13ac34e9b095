import type { RunDetail } from '../../../../shared/api'

/** What `benchtop run` was asked for, as recorded in the run's params.json. */
export interface RunParams {
  config?: Record<string, unknown>
  seed?: number
  /** The dataset asked for; null or absent: the experiment's default. */
  data?: string | null
  /** The backend asked for; null or absent: chosen automatically. */
  backend?: string | null
}

export function runParams(run: RunDetail | null | undefined): RunParams {
  return (run?.params ?? {}) as RunParams
}

export function runConfig(run: RunDetail | null | undefined): Record<string, unknown> {
  return runParams(run).config ?? {}
}
