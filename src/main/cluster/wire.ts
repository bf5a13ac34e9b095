/**
 * What travels through Redis between a coordinator (the process that started a study) and the
 * workers, and the keys it lives under. A job names an experiment, a preset, a config and a data
 * set by id and fingerprint: data, never code or credentials. Everything a worker receives is
 * checked as a local run's input would be (validateJob) before anything is trained.
 *
 *   bull:benchtop-runs:*                 BullMQ's queue (job id = the coordinator's run id)
 *   benchtop:run:<runId>:events          a stream: started, every training message, ended
 *   benchtop:run:<runId>:checkpoint      the name of the run's newest shipped checkpoint
 *   benchtop:run:<runId>:checkpoint:<n>  a hash: shipped checkpoint n (name, files)
 *   benchtop:run:<runId>:checkpoints     a list: the names shipped and not yet copied, oldest first
 *   benchtop:run:<runId>:cancel          set by the coordinator: stop this run
 */
import type { BackendName, ConfigValue, HostInfo, ImageRecord } from '../../shared/api'
import { BACKEND_ORDER } from '../../shared/api'
import { findExperimentInfo } from '../experiments/registry'
import { resolveConfig } from '../experiments/config'
import { isSafeRunId } from '../store/runId'
import type { FromWorker } from '../training/protocol'
import { KEY_PREFIX } from './connection'

export const WIRE_VERSION = 1

/** A data set as a job names it: built-ins by id; anything else by content fingerprint too. */
export type WireDataset =
  | { kind: 'builtin'; id: string }
  | { kind: 'fingerprint'; fingerprint: string; id: string | null; path: string | null; name: string }

export interface RunJobData {
  v: typeof WIRE_VERSION
  /** The coordinator's run id: names the event stream, the checkpoint and the cancel flag. */
  runId: string
  name: string
  study: string | null
  experiment: string
  preset: string
  config: Record<string, ConfigValue>
  seed: number
  backend: BackendName | null
  data: WireDataset | null
}

/** What a job's processor returns (BullMQ's return value): the end as the worker saw it. */
export interface RunJobResult {
  status: string
  error: string | null
}

/** One entry of a run's event stream (field `e`, JSON); `a` is the attempt it belongs to. */
export type RunEvent =
  | { type: 'started'; worker: string; host: HostInfo; attempt: number; resumeFrom: string | null }
  | { type: 'msg'; message: FromWorker }
  | { type: 'ended'; code: number | null; signal: string | null }
  /** An image the trainer wrote (the `image` message's record with the PNG itself, base64). */
  | { type: 'image'; image: ImageRecord; png: string }
  /** The worker will not train this job; the reason says why (data missing, config refused). */
  | { type: 'refused'; worker: string; reason: string }
  /** A coordinator took the waiting job off the queue: the run never starts. */
  | { type: 'cancelled' }

export const keys = {
  events: (runId: string) => `${KEY_PREFIX}:run:${runId}:events`,
  checkpoint: (runId: string) => `${KEY_PREFIX}:run:${runId}:checkpoint`,
  checkpointFiles: (runId: string, name: string) => `${KEY_PREFIX}:run:${runId}:checkpoint:${name}`,
  checkpointNames: (runId: string) => `${KEY_PREFIX}:run:${runId}:checkpoints`,
  cancel: (runId: string) => `${KEY_PREFIX}:run:${runId}:cancel`,
  /** Set by the worker training the run: gone after a reconnect means Redis lost its data. */
  attempt: (runId: string) => `${KEY_PREFIX}:run:${runId}:attempt`,
}

/** Redis keeps a run's leftovers (events nobody collected, a checkpoint) this long after the last write. */
export const RUN_KEYS_TTL_S = 7 * 24 * 3600

export class JobRefused extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const HEX64 = /^[0-9a-f]{64}$/

/**
 * Checks a job as the worker receives it: known experiment and preset, a config every key and
 * value of which the experiment accepts (re-resolved, so out-of-range values are refused), a
 * known backend, a safe run id. Returns the job with the config as resolved here.
 */
export function validateJob(raw: unknown): RunJobData {
  if (!isRecord(raw)) throw new JobRefused('the job is not a JSON object')
  if (raw.v !== WIRE_VERSION) throw new JobRefused(`the job is of wire version ${String(raw.v)}; this worker speaks version ${WIRE_VERSION} (update Benchtop on both sides)`)
  const { runId, name, study, experiment, preset, config, seed, backend, data } = raw
  if (typeof runId !== 'string' || !isSafeRunId(runId)) throw new JobRefused(`the job's run id ${JSON.stringify(runId)} is not a run id`)
  if (typeof experiment !== 'string') throw new JobRefused('the job names no experiment')
  let info
  try {
    info = findExperimentInfo(experiment)
  } catch (error) {
    throw new JobRefused((error as Error).message)
  }
  if (typeof preset !== 'string') throw new JobRefused('the job names no preset')
  if (!isRecord(config)) throw new JobRefused('the job has no config object')
  let resolved
  try {
    resolved = resolveConfig(info, preset, config as Record<string, ConfigValue>)
  } catch (error) {
    throw new JobRefused(`config refused: ${(error as Error).message}`)
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new JobRefused('the job has no whole-number seed')
  if (backend !== null && !BACKEND_ORDER.includes(backend as BackendName)) throw new JobRefused(`unknown backend ${JSON.stringify(backend)}`)
  return {
    v: WIRE_VERSION,
    runId,
    name: typeof name === 'string' ? name.slice(0, 200) : runId,
    study: typeof study === 'string' && study.startsWith('study-') && isSafeRunId(study.slice('study-'.length)) ? study : null,
    experiment: info.id,
    preset: resolved.preset,
    config: resolved.config,
    seed,
    backend: backend as BackendName | null,
    data: validateWireDataset(data),
  }
}

function validateWireDataset(data: unknown): WireDataset | null {
  if (data === null || data === undefined) return null
  if (!isRecord(data)) throw new JobRefused('the job names its data set in an unknown form')
  if (data.kind === 'builtin' && typeof data.id === 'string') return { kind: 'builtin', id: data.id }
  if (data.kind === 'fingerprint' && typeof data.fingerprint === 'string' && HEX64.test(data.fingerprint)) {
    return {
      kind: 'fingerprint',
      fingerprint: data.fingerprint,
      id: typeof data.id === 'string' ? data.id : null,
      path: typeof data.path === 'string' ? data.path : null,
      name: typeof data.name === 'string' ? data.name.slice(0, 200) : data.fingerprint.slice(0, 12),
    }
  }
  throw new JobRefused('the job names its data set without a valid sha256 fingerprint')
}

/** Parses a stream entry's event; null for anything that is not one (ignored, never trusted). */
export function parseEvent(text: string): RunEvent | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') return null
  switch (parsed.type) {
    case 'started':
    case 'ended':
    case 'refused':
    case 'cancelled':
    case 'image':
      return parsed as RunEvent
    case 'msg':
      return isRecord(parsed.message) && typeof parsed.message.type === 'string' ? (parsed as RunEvent) : null
    default:
      return null
  }
}

/** JSON has no NaN: a diverged loss travels as null and becomes NaN again here. */
export function reviveMessage(message: FromWorker): FromWorker {
  if (message.type !== 'metrics' || !Array.isArray(message.points)) return message
  return { ...message, points: message.points.map((p) => ({ ...p, value: typeof p.value === 'number' ? p.value : NaN })) }
}

