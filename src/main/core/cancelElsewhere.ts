/**
 * Cancelling a run this core does not supervise: a study's run still waiting for its turn, or a
 * run trained by another Benchtop process on this machine, whose training process is asked to stop
 * (its owner records the end). Queued runs on a remote queue are cancelled by their coordinator.
 */
import type { CoreEvent, RunMeta } from '../../shared/api'
import { isProcessAlive, type RunStore } from '../store'
import { workerEntry } from '../training/launcher'
import { isWorkerOfRun } from '../training/workerIdentity'

export function cancelRunElsewhere(store: RunStore, id: string, meta: RunMeta, emit: (event: CoreEvent) => void): void {
  if (meta.status === 'queued' && meta.startedAt === null) {
    // A study's run waiting for its turn: it never starts (its queue, in any process, skips it).
    store.updateMeta(id, (m) => (m.status === 'queued' ? { status: 'cancelled', endedAt: new Date().toISOString(), ownerPid: null } : {}))
    emit({ type: 'run-status', runId: id, status: 'cancelled', error: null })
    return
  }
  if (meta.status !== 'running' && meta.status !== 'queued') throw new Error(`run ${id} is ${meta.status}, not running`)
  // Owned by another Benchtop process: ask its training process to stop; its owner records the end.
  // The pid comes from a file, so it is signalled only once proven to be this run's worker.
  if (!isWorkerOfRun(meta.workerPid, id, workerEntry().file)) {
    const reason = `meta.json names pid ${JSON.stringify(meta.workerPid)}, which is not a Benchtop training process of this run`
    if (!isProcessAlive(meta.ownerPid)) {
      store.updateMeta(id, (m) => (m.status === 'running' || m.status === 'queued' ? { status: 'interrupted', error: `${reason}; its owner is gone` } : {}))
      emit({ type: 'run-status', runId: id, status: 'interrupted', error: reason })
      return
    }
    throw new Error(`could not stop run ${id}: ${reason}; stop it from the Benchtop process that runs it (pid ${meta.ownerPid})`)
  }
  try {
    process.kill(meta.workerPid as number, 'SIGTERM')
  } catch (error) {
    throw new Error(`could not stop run ${id} (pid ${meta.workerPid}): ${(error as Error).message}`)
  }
}
