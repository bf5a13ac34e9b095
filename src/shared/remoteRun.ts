import type { RunMeta } from './api'

/**
 * Where a run on a queue trains, as the runs table, run page and study page show it: the worker's
 * name and its machine's host name (`gpu-1 @ lab-box-2`); `waiting for a worker` while none has
 * taken it; null for a run trained here.
 */
export function workerLabel(run: Pick<RunMeta, 'remote' | 'host'>): string | null {
  if (!run.remote) return null
  if (!run.remote.worker) return 'waiting for a worker'
  return run.host?.hostname ? `${run.remote.worker} @ ${run.host.hostname}` : run.remote.worker
}
