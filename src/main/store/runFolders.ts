/**
 * Small helpers about run folders as a whole: which folder names count as runs, how summaries are
 * built and ordered, and how JSON files are formatted so they read well with `cat`.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricPoint, RunMeta, RunSummary } from '../../shared/api'
import { errorCode } from './errors'
import { listMetricNames, metricFileName, readLastMetricPoint } from './metricFile'
import { isSafeRunId } from './runId'

/** Pretty-printed with a final newline: these files are meant to be read by people too. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/**
 * The last point of every metric of the run in `dir`, reading only the end of each file. A damaged
 * metric file is left out, its problem added to `problems` when given: one bad file never stops a
 * run list.
 */
export function latestPointsIn(dir: string, problems?: string[]): Record<string, MetricPoint> {
  const latest: Record<string, MetricPoint> = {}
  const metricsDir = join(dir, 'metrics')
  for (const name of listMetricNames(metricsDir)) {
    let point: MetricPoint | null
    try {
      point = readLastMetricPoint(join(metricsDir, metricFileName(name)))
    } catch (error) {
      problems?.push(error instanceof Error ? error.message : String(error))
      continue
    }
    if (point) latest[name] = point
  }
  return latest
}

export function pick(points: Record<string, MetricPoint>, field: 'value' | 'step'): Record<string, number> {
  return Object.fromEntries(Object.entries(points).map(([name, point]) => [name, point[field]]))
}

export function summarize(meta: RunMeta, dir: string): RunSummary {
  const problems: string[] = []
  const latest = pick(latestPointsIn(dir, problems), 'value')
  return { ...meta, latest, dir, ...(problems.length ? { problems } : {}) }
}

/** Newest first by creation time; the id (which starts with the time) breaks ties. */
export function sortNewestFirst(runs: RunSummary[]): RunSummary[] {
  const key = (run: RunSummary) => `${run.createdAt}\u0000${run.id}`
  return runs.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
}

/** Run folders under `parent`: dot names (.trash, temporary files) and plain files are not runs. */
export function folderNames(parent: string): string[] {
  let entries
  try {
    entries = readdirSync(parent, { withFileTypes: true })
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
  return entries.filter((entry) => entry.isDirectory() && isSafeRunId(entry.name)).map((entry) => entry.name)
}

/** A folder changed this recently without a meta.json is probably being created right now. */
export function isBeingCreated(dir: string, graceMs = 10_000): boolean {
  try {
    return Date.now() - statSync(dir).mtimeMs < graceMs
  } catch {
    return false
  }
}
