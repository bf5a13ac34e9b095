/**
 * Listing the run folders under a parent (the runs folder or the trash): the readable runs, and
 * the folders that are runs but cannot be read (a missing or broken meta.json, no params.json),
 * listed as unreadable with the file and the problem so that they never disappear silently.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RunMeta, RunSummary } from '../../shared/api'
import { errorMessage } from './errors'
import { folderNames, isBeingCreated, missingParamsProblem, unreadableSummary } from './runFolders'
import { readMetaFile } from './runRecordFiles'

export interface ScannedRuns {
  runs: { meta: RunMeta; dir: string }[]
  unreadable: RunSummary[]
}

/** Each unreadable folder is also reported to `onProblem`. */
export function scanRuns(parent: string, onProblem?: (dir: string, message: string) => void): ScannedRuns {
  const runs: { meta: RunMeta; dir: string }[] = []
  const unreadable: RunSummary[] = []
  for (const id of folderNames(parent)) {
    const dir = join(parent, id)
    let problem: string
    try {
      const meta = readMetaFile(dir, id, parent)
      const paramsProblem = missingParamsProblem(dir)
      if (paramsProblem === null) {
        runs.push({ meta, dir })
        continue
      }
      problem = paramsProblem
    } catch (error) {
      if (!existsSync(join(dir, 'meta.json')) && isBeingCreated(dir)) continue
      problem = errorMessage(error)
    }
    onProblem?.(dir, problem)
    unreadable.push(unreadableSummary(id, dir, problem))
  }
  return { runs, unreadable }
}
