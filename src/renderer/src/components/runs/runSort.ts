import type { RunSummary } from '../../../../shared/api'
import { progressFraction, runDurationMs } from '../format'

/** A column of the runs table to sort by; `metric:<name>` sorts by a metric's latest value. */
export type SortKey = 'name' | 'experiment' | 'status' | 'progress' | 'startedAt' | 'duration' | 'backend' | `metric:${string}`

/** The value a run sorts by; a run without one sorts below every run that has one. */
export function sortValue(run: RunSummary, key: SortKey, now: number): string | number {
  switch (key) {
    case 'name':
      return run.name.toLowerCase()
    case 'experiment':
      return run.experiment
    case 'status':
      return run.status
    case 'progress':
      return progressFraction(run) ?? -1
    case 'startedAt':
      return Date.parse(run.startedAt ?? run.createdAt) || 0
    case 'duration':
      return runDurationMs(run, now) ?? -1
    case 'backend':
      return run.backend ?? ''
    default: {
      const value = run.latest?.[key.slice('metric:'.length)]
      return value === undefined ? Number.NEGATIVE_INFINITY : value
    }
  }
}

/** A sorted copy; ties go by id, newest-looking id first, so the order never jitters. */
export function sortRuns(list: RunSummary[], key: SortKey, descending: boolean, now: number): RunSummary[] {
  const dir = descending ? -1 : 1
  return [...list].sort((a, b) => {
    const va = sortValue(a, key, now)
    const vb = sortValue(b, key, now)
    if (va < vb) return -1 * dir
    if (va > vb) return 1 * dir
    return a.id < b.id ? 1 : -1
  })
}

/** Names and labels read best A→Z; numbers and times best largest/newest first. */
export function sortsDescendingFirst(key: SortKey): boolean {
  return !['name', 'experiment', 'status', 'backend'].includes(key)
}
