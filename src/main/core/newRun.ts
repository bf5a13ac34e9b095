/**
 * The record of a run a start request asks for, before its training process starts: a fresh run
 * (the request's settings checked, its params.json written), or a fork of another run's checkpoint.
 */
import type { StartRunRequest } from '../../shared/api'
import type { DatasetRegistry } from '../datasets'
import { ConfigError, resolveConfig } from '../experiments/config'
import { findExperimentInfo } from '../experiments/registry'
import type { RunStore } from '../store'
import { forkConfig } from './fork'
import { checkBackendName, checkRunData, type RunParams } from './runParams'
import { readSettings } from './settingsFile'

export interface NewRunContext {
  home: string
  store: RunStore
  datasets: DatasetRegistry
}

/** A created run's id, its params, and the checkpoint it starts from (a fork's), or null. */
export interface NewRun {
  id: string
  params: RunParams
  resumeFrom: string | null
}

export async function createRequestedRun(ctx: NewRunContext, request: StartRunRequest): Promise<NewRun> {
  if (request.from) return createForkedRun(ctx, request, request.from)
  const experiment = findExperimentInfo(request.experiment)
  const { preset, config } = resolveConfig(experiment, request.preset, request.set)
  if (request.backend) checkBackendName(request.backend)
  const data = request.data ? await checkRunData(ctx.datasets, request.data) : null
  const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31)
  // The Settings page's default backend, recorded in params.json so "run again" asks for the same.
  const params: RunParams = { config, seed, data, backend: request.backend ?? readSettings(ctx.home).defaultBackend }
  const meta = ctx.store.createRun({
    experiment: experiment.id,
    preset,
    name: request.name,
    seed,
    params: params as unknown as Record<string, unknown>,
  })
  return { id: meta.id, params, resumeFrom: null }
}

/**
 * A new run that begins from another run's checkpoint (weights and optimiser state), with the
 * parent's settings changed by the request (core/fork.ts). The checkpoint is copied into the new
 * run, which then starts as a resumed run does; its record names the parent (RunMeta.parent).
 */
async function createForkedRun(ctx: NewRunContext, request: StartRunRequest, from: NonNullable<StartRunRequest['from']>): Promise<NewRun> {
  const { store } = ctx
  const parentId = store.resolveRunId(from.runId)
  const parent = store.readMeta(parentId)
  if (request.experiment && request.experiment !== parent.experiment) {
    throw new ConfigError(`run ${parentId} trained ${parent.experiment}, not ${request.experiment}: a fork continues the same experiment`)
  }
  const experiment = findExperimentInfo(parent.experiment)
  const checkpoint = store.latestCheckpoint(parentId, from.checkpoint)
  const raw = store.readParams(parentId) as Partial<RunParams>
  const parentConfig = raw.config && typeof raw.config === 'object' && !Array.isArray(raw.config) ? raw.config : {}
  const { preset, config } = forkConfig(experiment, { runId: parentId, preset: parent.preset, config: parentConfig }, checkpoint, request)
  const backend = request.backend ?? raw.backend ?? null
  if (backend) checkBackendName(backend)
  const wanted = request.data ?? (typeof raw.data === 'string' ? raw.data : null)
  const data = wanted ? await checkRunData(ctx.datasets, wanted) : null
  const params: RunParams = { config, seed: request.seed ?? parent.seed, data, backend }
  const meta = store.createRun({ experiment: experiment.id, preset, name: request.name, seed: params.seed, params: params as unknown as Record<string, unknown> })
  store.forkCheckpoint(parentId, checkpoint.name, meta.id)
  return { id: meta.id, params, resumeFrom: store.checkBeforeResume(meta.id, checkpoint.name) }
}
