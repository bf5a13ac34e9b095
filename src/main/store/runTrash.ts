/**
 * The trash is `runs/.trash/<runId>/`: deleting a run is a rename into it, restoring a rename back.
 * Renames keep every file (logs, checkpoints) intact and are instant even for large runs. The dot
 * keeps the trash out of the run list and out of the way of `ls runs/`.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { EmptiedTrash, TrashUsage } from '../../shared/api'
import { folderUsage } from './diskUsage'
import { RunNotFoundError, RunStoreError } from './errors'
import { folderNames } from './runFolders'
import { isSafeRunId } from './runId'

/** Move a run folder into the trash; a trashed run with the same id is replaced. */
export function moveToTrash(runsDir: string, trashDir: string, id: string): void {
  mkdirSync(trashDir, { recursive: true })
  const target = join(trashDir, id)
  rmSync(target, { recursive: true, force: true })
  renameSync(join(runsDir, id), target)
}

export function restoreFromTrash(runsDir: string, trashDir: string, id: string): void {
  const source = trashedRunDir(trashDir, id)
  const target = join(runsDir, id)
  if (existsSync(target)) {
    throw new RunStoreError(`cannot restore run '${id}': ${target} already exists; delete or rename it first`)
  }
  mkdirSync(runsDir, { recursive: true })
  renameSync(source, target)
}

/** Delete for good one trashed run, or all of them; returns the ids removed. */
export function purgeTrash(trashDir: string, id?: string): string[] {
  const ids = id === undefined ? folderNames(trashDir) : [id]
  if (id !== undefined) trashedRunDir(trashDir, id)
  for (const trashed of ids) rmSync(join(trashDir, trashed), { recursive: true, force: true })
  return ids
}

export function trashUsage(trashDir: string): TrashUsage {
  const runs = folderNames(trashDir).map((id) => ({ id, ...folderUsage(join(trashDir, id)) }))
  return { runs, bytes: runs.reduce((sum, r) => sum + r.bytes, 0) }
}

/**
 * Deletes every trashed run for good; returns their ids and the bytes their folders took (measured
 * just before, so what was really freed).
 */
export function emptyTrash(trashDir: string): EmptiedTrash {
  const usage = trashUsage(trashDir)
  for (const run of usage.runs) rmSync(join(trashDir, run.id), { recursive: true, force: true })
  return { removed: usage.runs.map((r) => r.id), bytes: usage.bytes }
}

function trashedRunDir(trashDir: string, id: string): string {
  const dir = join(trashDir, id)
  if (!isSafeRunId(id) || !existsSync(dir)) throw new RunNotFoundError(id, trashDir, 'not in the trash')
  return dir
}
