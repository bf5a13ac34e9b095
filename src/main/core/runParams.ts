/**
 * A run's params.json (everything needed to run it again exactly) and the checks its parts pass
 * before a run starts or resumes: the backend's name, the data set (a registered id or an absolute
 * path), and a stored params.json checked with the same rules as a new run's request.
 */
import path from 'node:path'
import type { BackendName, ConfigValue } from '../../shared/api'
import { BACKEND_ORDER } from '../../shared/api'
import type { DatasetRegistry } from '../datasets'
import { ConfigError, resolveConfig } from '../experiments/config'
import { findExperimentInfo } from '../experiments/registry'
import type { RunStore } from '../store'
import type { TrainJob } from '../training/protocol'
import { checkInputPath } from './inputPaths'

/** What a run's params.json holds: everything needed to run it again exactly. */
export interface RunParams {
  config: TrainJob['config']
  seed: number
  data: string | null
  backend: BackendName | null
}

/** Throws a ConfigError naming the valid backends when `backend` is not one of them. */
export function checkBackendName(backend: string): void {
  if (!BACKEND_ORDER.includes(backend as BackendName)) {
    throw new ConfigError(`unknown backend '${backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
  }
}

/** A registered data set's id as it is, else an absolute path that exists (checked by inputPaths.ts). */
export async function checkRunData(datasets: DatasetRegistry, data: string): Promise<string> {
  const known = (await datasets.list()).some((d) => d.id === data && d.problem === undefined)
  if (known) return data
  if (!path.isAbsolute(data)) {
    throw new ConfigError(`data: no data set with id '${data}', and '${data}' is not an absolute path (a relative path is not resolved against the server's working folder)`)
  }
  return checkInputPath(data, 'folder-or-file', 'data')
}

/** params.json checked with the same rules as a new run's request; its file is named on failure. */
export async function checkedParams(store: RunStore, datasets: DatasetRegistry, id: string, experimentId: string, preset: string): Promise<RunParams> {
  const file = path.join(store.runDir(id), 'params.json')
  const raw = store.readParams(id)
  try {
    const experiment = findExperimentInfo(experimentId)
    if (typeof raw.config !== 'object' || raw.config === null || Array.isArray(raw.config)) throw new ConfigError('config is not an object')
    const { config } = resolveConfig(experiment, preset, raw.config as Record<string, ConfigValue>)
    if (!Number.isSafeInteger(raw.seed)) throw new ConfigError(`seed must be a whole number, got ${JSON.stringify(raw.seed)}`)
    if (raw.backend !== null && raw.backend !== undefined && !BACKEND_ORDER.includes(raw.backend as BackendName)) {
      throw new ConfigError(`unknown backend ${JSON.stringify(raw.backend)}; valid backends: ${BACKEND_ORDER.join(', ')}`)
    }
    if (raw.data !== null && raw.data !== undefined && typeof raw.data !== 'string') throw new ConfigError('data must be a dataset id or a path')
    const data = typeof raw.data === 'string' ? await checkRunData(datasets, raw.data) : null
    return { config, seed: raw.seed as number, data, backend: (raw.backend as BackendName | null | undefined) ?? null }
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}; the run was not resumed`)
  }
}
