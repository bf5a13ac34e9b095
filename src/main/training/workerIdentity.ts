/**
 * Whether a pid read from a run's meta.json is really that run's training process. meta.json is a
 * file anyone can edit: a `workerPid` of -1 would signal every process of the user, 0 the whole
 * process group, and any other number some unrelated program. So a pid from disk is signalled only
 * once it is proven to be a Benchtop worker started for that run: on Linux its command line must
 * name our worker entry and carry the run's id (the launcher puts it there). Elsewhere there is no
 * cheap proof, and the answer is no.
 */
import { readFileSync } from 'node:fs'

/** The argument that names a training process's run on its command line. */
export function runArgument(runId: string): string {
  return `--benchtop-run=${runId}`
}

/** A pid that can name one process other than init and this one. */
export function isPlausibleWorkerPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 1 && pid !== process.pid
}

/**
 * True only when `pid` runs `entryFile` with the run's id among its arguments. Reads
 * /proc/PID/cmdline; false on other systems, for processes that are gone, and on any doubt.
 */
export function isWorkerOfRun(pid: unknown, runId: string, entryFile: string, procRoot = '/proc'): boolean {
  if (!isPlausibleWorkerPid(pid)) return false
  if (process.platform !== 'linux') return false
  let args: string[]
  try {
    args = readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return false
  }
  return args.includes(entryFile) && args.includes(runArgument(runId))
}
