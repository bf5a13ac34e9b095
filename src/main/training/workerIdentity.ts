/**
 * Whether a pid read from a run's meta.json is really that run's training process. meta.json is a
 * file anyone can edit: a `workerPid` of -1 would signal every process of the user, 0 the whole
 * process group, and any other number some unrelated program. So a pid from disk is signalled only
 * once it is proven to be a Benchtop worker started for that run. On Linux the launchers leave two
 * marks that /proc shows:
 *
 * - the command line names our worker entry and carries `--benchtop-run=<id>` (forked workers of
 *   the command line and the web mode);
 * - the environment the process was started with holds `BENCHTOP_WORKER=1` and
 *   `BENCHTOP_RUN=<id>` (every launcher; the only mark of the Electron app's utility processes,
 *   whose script and arguments travel over Chromium's IPC, so their command line reads
 *   `electron --type=utility ...`, and of workers built into another folder, such as the app's
 *   out/main/worker.js seen from the command line's out/cli/worker.js).
 *
 * Elsewhere there is no cheap proof, and the answer is no.
 */
import { readFileSync } from 'node:fs'

/** The argument that names a training process's run on its command line. */
export function runArgument(runId: string): string {
  return `--benchtop-run=${runId}`
}

/** The environment variable that names a training process's run (set by every launcher). */
export const RUN_ENV = 'BENCHTOP_RUN'

/** Variables a training process is started with, on top of its parent's environment. */
export function workerEnvironment(runId: string | undefined): Record<string, string> {
  return runId ? { BENCHTOP_WORKER: '1', [RUN_ENV]: runId } : { BENCHTOP_WORKER: '1' }
}

/** A pid that can name one process other than init and this one. */
export function isPlausibleWorkerPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 1 && pid !== process.pid
}

function procList(procRoot: string, pid: number, file: 'cmdline' | 'environ'): string[] | null {
  try {
    return readFileSync(`${procRoot}/${pid}/${file}`, 'utf8').split('\0')
  } catch {
    return null
  }
}

/**
 * True only when `pid` runs `entryFile` with the run's id among its arguments, or was started with
 * the run's id in `BENCHTOP_RUN` and `BENCHTOP_WORKER=1`. Reads /proc/PID/cmdline and
 * /proc/PID/environ (readable only for our own user's processes); false on other systems, for
 * processes that are gone, and on any doubt.
 */
export function isWorkerOfRun(pid: unknown, runId: string, entryFile: string, procRoot = '/proc'): boolean {
  if (!isPlausibleWorkerPid(pid)) return false
  if (process.platform !== 'linux') return false
  const args = procList(procRoot, pid, 'cmdline')
  if (args && args.includes(entryFile) && args.includes(runArgument(runId))) return true
  const environ = procList(procRoot, pid, 'environ')
  return environ !== null && environ.includes('BENCHTOP_WORKER=1') && environ.includes(`${RUN_ENV}=${runId}`)
}
