/**
 * What a run folder holds besides its meta and metrics: checkpoints written by the trainer and
 * artifacts (any files the experiment saves). Both are listed from disk every time, so whatever a
 * person copies in or deletes by hand is reflected.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { CheckpointInfo } from '../../shared/api'
import { readJsonFile } from './atomicFile'
import { errorCode, RunStoreError } from './errors'

/** The trainer writes this file last into a checkpoint folder, so its presence means "complete". */
export const CHECKPOINT_MARKER = 'checkpoint.json'

/**
 * Complete checkpoints sorted by step. Folders without a readable checkpoint.json were cut short
 * (the trainer died while saving) and are ignored rather than offered for resuming.
 */
export function listCheckpoints(checkpointsDir: string): CheckpointInfo[] {
  const found: CheckpointInfo[] = []
  for (const entry of readDirOrEmpty(checkpointsDir)) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    let marker: unknown
    try {
      marker = readJsonFile(join(checkpointsDir, entry.name, CHECKPOINT_MARKER))
    } catch {
      continue
    }
    if (typeof marker !== 'object' || marker === null) continue
    const { step, epoch, time, weightsOnly } = marker as Record<string, unknown>
    if (typeof step !== 'number' || typeof epoch !== 'number' || typeof time !== 'number') continue
    found.push({ name: entry.name, step, epoch, time, ...(weightsOnly === true ? { weightsOnly: true } : {}) })
  }
  return found.sort((a, b) => a.step - b.step || a.name.localeCompare(b.name))
}

/**
 * The folder of checkpoint `name` after checking that it is one: a plain name (no separators, no
 * dots in front), a real folder inside `checkpointsDir` (not a link) holding a readable marker.
 */
export function checkpointFolder(checkpointsDir: string, name: string): string {
  const where = `checkpoint ${JSON.stringify(name)} in ${checkpointsDir}`
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    throw new RunStoreError(`${where}: not a checkpoint name (a checkpoint is a folder directly inside checkpoints/)`)
  }
  const dir = join(checkpointsDir, name)
  let stat
  try {
    stat = lstatSync(dir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new RunStoreError(`${where}: no such checkpoint folder`)
    throw error
  }
  if (stat.isSymbolicLink() || !stat.isDirectory()) throw new RunStoreError(`${where}: not a folder of the run (a link or a file)`)
  if (!listCheckpoints(checkpointsDir).some((c) => c.name === name)) {
    throw new RunStoreError(`${where}: incomplete (no valid ${CHECKPOINT_MARKER})`)
  }
  return dir
}

/** Removes the `.tmp-*` folders of checkpoints that were never completed; returns their names. */
export function removePartialCheckpoints(checkpointsDir: string): string[] {
  const removed: string[] = []
  for (const entry of readDirOrEmpty(checkpointsDir)) {
    if (!entry.name.startsWith('.tmp-')) continue
    rmSync(join(checkpointsDir, entry.name), { recursive: true, force: true })
    removed.push(entry.name)
  }
  return removed
}

/** Every file under `artifactsDir`, as sorted paths relative to it with `/` separators. */
export function listArtifacts(artifactsDir: string): string[] {
  const files: string[] = []
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readDirOrEmpty(dir)) {
      const relative = prefix + entry.name
      if (entry.isDirectory()) walk(join(dir, entry.name), relative + '/')
      else if (entry.isFile()) files.push(relative)
    }
  }
  walk(artifactsDir, '')
  return files.sort()
}

function readDirOrEmpty(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return []
    throw error
  }
}

/**
 * The one checkpoint choice among a run's complete checkpoints (`available`, oldest first):
 * `wanted` is a checkpoint name (`epoch-0003`) or an epoch number; without it the run's latest
 * (meta's `lastCheckpoint`, else the newest). Throws, naming the ones there are, when it does not exist.
 */
export function chooseCheckpoint(id: string, checkpointsDir: string, available: CheckpointInfo[], lastCheckpoint: string | null, wanted?: string): CheckpointInfo & { dir: string } {
  const names = available.map((c) => c.name)
  const byEpoch = wanted !== undefined && /^\d+$/.test(wanted) ? `epoch-${String(Number(wanted)).padStart(4, '0')}` : wanted
  const last = lastCheckpoint ? basename(lastCheckpoint) : null
  const name = byEpoch ?? (last && names.includes(last) ? last : names.at(-1))
  if (!name) throw new RunStoreError(`run ${id} has no checkpoint yet: the first is saved when its first epoch ends`)
  const found = available.find((c) => c.name === name)
  if (!found) throw new RunStoreError(`run ${id} has no checkpoint '${name}'; its checkpoints: ${names.join(', ') || 'none'}`)
  return { ...found, dir: join(checkpointsDir, found.name) }
}
