/**
 * Building, checking and judging `meta.json` contents. Kept apart from the file handling so the
 * rules (what a new run looks like, when a run counts as interrupted) read in one place.
 */
import { RUN_STATUSES, type RunMeta } from '../../shared/api'
import { isProcessAlive } from './processAlive'

export interface NewRunInit {
  experiment: string
  preset: string
  name?: string
  seed: number
  params: Record<string, unknown>
  parent?: RunMeta['parent']
  /** The study the run belongs to. */
  study?: string
}

/** A queued run owned by this process; everything not known yet is null, zero or empty. */
export function newRunMeta(id: string, name: string, init: NewRunInit, now: Date): RunMeta {
  return {
    id,
    name,
    experiment: init.experiment,
    preset: init.preset,
    status: 'queued',
    createdAt: now.toISOString(),
    startedAt: null,
    endedAt: null,
    error: null,
    seed: init.seed,
    backend: null,
    versions: {},
    host: null,
    dataset: null,
    step: 0,
    epoch: 0,
    totalSteps: null,
    totalEpochs: null,
    ownerPid: process.pid,
    workerPid: null,
    lastCheckpoint: null,
    resumes: 0,
    parent: init.parent ?? null,
    ...(init.study ? { study: init.study } : {}),
  }
}

/**
 * Turn parsed JSON into a RunMeta, or say why it is not one. Fields missing from a file written by
 * an older version get their empty values. The folder name is the id: a folder copied by hand
 * becomes a run of its own instead of a second copy of the original id.
 */
export function toRunMeta(parsed: unknown, id: string): RunMeta | string {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'meta.json is not a JSON object'
  const fields = parsed as Partial<RunMeta>
  if (!RUN_STATUSES.includes(fields.status as RunMeta['status'])) {
    return `meta.json has an unknown status ${JSON.stringify(fields.status)}`
  }
  const createdAt = typeof fields.createdAt === 'string' ? fields.createdAt : ''
  const blank = newRunMeta(id, id, { experiment: '', preset: '', seed: 0, params: {} }, new Date(0))
  return { ...blank, ownerPid: null, ...fields, createdAt, id }
}

/** Statuses a run only has while some process is working on it. */
export function isActive(meta: RunMeta): boolean {
  return meta.status === 'queued' || meta.status === 'running'
}

/**
 * Why an active run will never finish, or null if it may still. A run is owned by the process that
 * queued or started it; if that process is gone (crash, kill -9, power cut) nobody will ever set a
 * final status, so the next look at the run marks it interrupted (it can be resumed from there).
 * A pid reused by an unrelated process would keep such a run "running"; that is rare and harmless.
 */
export function interruptionReason(meta: RunMeta): string | null {
  if (!isActive(meta)) return null
  // A run on a queue worker is not this host's to judge: its coordinator reads the queue (cluster/).
  if (meta.remote) return null
  if (meta.ownerPid === null) return `the run was ${meta.status} but no process was recorded as running it`
  if (isProcessAlive(meta.ownerPid)) return null
  return `the process that ran it (pid ${meta.ownerPid}) ended before the run finished`
}
