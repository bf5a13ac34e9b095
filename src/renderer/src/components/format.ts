/**
 * Small formatting and progress helpers shared by the pages (kept in plain TypeScript so that
 * `tsc` checks them; the .vue files only call them).
 */
import type { RunStatus, RunSummary } from '../../../shared/api'

/** "42 s", "3 min 12 s", "1 h 05 min", "2 d 4 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** Local date and time, short: "Mar 3, 14:05" (with the year when it is not this year). */
export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  const sameYear = date.getFullYear() === new Date().getFullYear()
  return date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
}

/** A metric value with 4 significant digits, without exponent noise for everyday magnitudes. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2)
  return Number(value.toPrecision(4)).toString()
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return value.toLocaleString('en-US')
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatMetric(value)
  if (typeof value === 'string' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') {
    return (error as { message: string }).message
  }
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}

export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'queued'
}

/** A stopped run that has something to resume from. */
export function canResume(run: Pick<RunSummary, 'status' | 'lastCheckpoint'> & Partial<Pick<RunSummary, 'startedAt'>>): boolean {
  // A study's queued run that never started (cancelled, or its process closed) starts from the beginning.
  const neverStarted = run.startedAt === null
  return (run.status === 'cancelled' || run.status === 'failed' || run.status === 'interrupted') && (!!run.lastCheckpoint || neverStarted)
}

/** Wall time of the run: from its start to its end, or to now while it runs. */
export function runDurationMs(run: Pick<RunSummary, 'startedAt' | 'endedAt' | 'status'>, now: number): number | null {
  if (!run.startedAt) return null
  const start = Date.parse(run.startedAt)
  if (Number.isNaN(start)) return null
  const end = run.endedAt ? Date.parse(run.endedAt) : isActive(run.status) ? now : null
  if (end === null || Number.isNaN(end)) return null
  return Math.max(0, end - start)
}

/** 0..1, or null when the total is not known yet. */
export function progressFraction(run: Pick<RunSummary, 'step' | 'totalSteps' | 'status'>): number | null {
  if (run.status === 'completed') return 1
  if (!run.totalSteps || run.totalSteps <= 0) return null
  return Math.min(1, Math.max(0, run.step / run.totalSteps))
}

/** The last ETA the core reported for a run, and when it arrived. */
export interface EtaEntry {
  etaMs: number | null
  at: number
}

/**
 * Time left of a running run: the core's ETA (counted down since it arrived; the core leaves
 * start-up out of it), else, for a run another process supervises, an estimate from the time since
 * it started once a tenth of its steps are done (before that, start-up would dominate it).
 */
export function timeLeftMs(
  run: Pick<RunSummary, 'status' | 'step' | 'totalSteps' | 'startedAt'>,
  eta: EtaEntry | undefined,
  now: number,
): number | null {
  if (!isActive(run.status)) return null
  if (eta && eta.etaMs !== null) return Math.max(0, eta.etaMs - (now - eta.at))
  if (eta) return null
  if (!run.totalSteps || run.step < run.totalSteps * STARTUP_FREE_FRACTION || run.step <= 0 || !run.startedAt) return null
  const elapsed = now - Date.parse(run.startedAt)
  if (!Number.isFinite(elapsed) || elapsed <= 0) return null
  return Math.max(0, (elapsed / run.step) * (run.totalSteps - run.step))
}

/** From this fraction of the steps on, start-up no longer dominates an estimate from the start time. */
export const STARTUP_FREE_FRACTION = 0.1

/**
 * A running run that has not finished a timed step yet (process start, backend, data): "starting",
 * instead of a time left that would be mostly start-up.
 */
export function isStarting(run: Pick<RunSummary, 'status' | 'step' | 'totalSteps'>, eta: EtaEntry | undefined): boolean {
  if (run.status !== 'running') return false
  if (eta) return eta.etaMs === null
  return !run.totalSteps || run.step === 0
}

export function formatTimeLeft(ms: number | null): string {
  if (ms === null) return ''
  if (ms < 1000) return 'almost done'
  return `${formatDuration(ms)} left`
}

/** Case-insensitive "does any of these contain every word of the query". */
export function matchesFilter(query: string, haystack: Array<string | null | undefined>): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const text = haystack.filter(Boolean).join(' ').toLowerCase()
  return words.every((w) => text.includes(w))
}
