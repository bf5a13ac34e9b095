/**
 * Starting a run's training process: the run's record says who trains it (this process, the
 * worker's pid, this host and versions), a supervisor watches the process, and the process gets
 * its job (training/protocol.ts). Partial checkpoints left by an earlier failure go first.
 */
import type { CoreEvent } from '../../shared/api'
import { hostInfo } from '../engine/host'
import { appVersion } from '../paths'
import type { RunStore } from '../store'
import type { Launcher } from '../training/launcher'
import type { TrainJob } from '../training/protocol'
import type { RunParams } from './runParams'
import { RunSupervisor } from './runSupervisor'
import { readSettings } from './settingsFile'

export interface TrainingContext {
  home: string
  store: RunStore
  launcher: Launcher
  emit: (event: CoreEvent) => void
}

/** `track` receives the supervisor before the job is sent (the caller lists the run as active). */
export function startTraining(ctx: TrainingContext, id: string, params: RunParams, resumeFrom: string | null, track: (supervisor: RunSupervisor) => void): void {
  const { store, home, emit } = ctx
  // Nobody writes this run now: checkpoints cut short by an earlier failure go.
  store.removePartialCheckpoints(id)
  const child = ctx.launcher({ logPath: store.logPath(id), runId: id, threads: readSettings(home).threads })
  store.updateMeta(id, (m) => ({
    status: 'running',
    startedAt: m.startedAt ?? new Date().toISOString(),
    endedAt: null,
    error: null,
    ownerPid: process.pid,
    workerPid: child.pid ?? null,
    host: hostInfo(),
    backend: null,
    versions: { ...m.versions, benchtop: appVersion(), node: process.versions.node },
  }))
  track(new RunSupervisor(store, id, child, emit))
  const job: TrainJob = {
    runId: id,
    experiment: store.readMeta(id).experiment,
    config: params.config,
    seed: params.seed,
    data: params.data,
    backend: params.backend,
    home,
    runDir: store.runDir(id),
    resumeFrom,
  }
  child.send({ type: 'train', job })
  emit({ type: 'run-status', runId: id, status: 'running', error: null })
}
