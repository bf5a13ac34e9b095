/**
 * A run's two record files: params.json (the resolved config, written once when the run is made)
 * and meta.json (its state, read here; updates go through RunStore.updateMeta under its lock),
 * and the run's folder claimed under a fresh id.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import type { RunMeta } from '../../shared/api'
import { parseJsonText, writeAll } from './atomicFile'
import { errorCode, errorMessage, RunNotFoundError, RunStoreError } from './errors'
import { assertRealFolders, readRunFile } from './runFiles'
import { toJson } from './runFolders'
import { newRunId } from './runId'
import { toRunMeta } from './runMeta'

/** mkdir without `recursive` fails if the folder exists, so two processes never share an id. */
export function claimRunId(runsDir: string, trashDir: string, now: Date): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = newRunId(now)
    // A trashed run keeps its id so that it can be restored; do not hand that id out again.
    if (existsSync(join(trashDir, id))) continue
    try {
      mkdirSync(join(runsDir, id))
      return id
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error
    }
  }
  throw new RunStoreError(`could not find a free run id in ${runsDir} after 100 tries`)
}

/** The resolved config is the record of what was run, so it is written once and never changed. */
export function writeParamsFile(runDir: string, id: string, params: Record<string, unknown>): void {
  const path = join(runDir, 'params.json')
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error
    throw new RunStoreError(`run '${id}' already has ${path}; params are written once, when the run is created`)
  }
  try {
    writeAll(fd, Buffer.from(toJson(params)))
  } finally {
    closeSync(fd)
  }
}

export function readParamsFile(runDir: string): Record<string, unknown> {
  const path = join(runDir, 'params.json')
  let params: unknown
  try {
    params = parseJsonText(path, readRunFile(runDir, path))
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new RunStoreError(`${path} is missing: the run's settings are lost, so it cannot be shown in full or resumed`)
    throw error
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new RunStoreError(`${path} does not hold a JSON object`)
  }
  return params as Record<string, unknown>
}

/** meta.json of run `id` in folder `dir` under `parent` (the runs folder or the trash), checked. */
export function readMetaFile(dir: string, id: string, parent: string): RunMeta {
  let parsed: unknown
  try {
    assertRealFolders(parent, dir)
    const file = join(dir, 'meta.json')
    parsed = parseJsonText(file, readRunFile(dir, file))
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new RunStoreError(errorMessage(error))
    const detail = existsSync(dir) ? `${dir} exists but has no meta.json` : undefined
    throw new RunNotFoundError(id, parent, detail)
  }
  const meta = toRunMeta(parsed, id)
  if (typeof meta === 'string') throw new RunStoreError(`${join(dir, 'meta.json')}: ${meta}`)
  return meta
}
