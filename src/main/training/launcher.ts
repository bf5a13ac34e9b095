/**
 * Starts training processes. The core depends only on `TrainingProcess`; the command line and
 * web mode fork Node children, the Electron host passes a launcher built on utilityProcess.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync } from 'node:fs'
import { openRunFile } from '../store/runFiles'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { FromWorker, ToWorker } from './protocol'
import { runArgument, workerEnvironment } from './workerIdentity'

export interface TrainingProcess {
  readonly pid: number | undefined
  send(message: ToWorker): void
  onMessage(listener: (message: FromWorker) => void): void
  /**
   * Called once the process has ended and every message it sent has been delivered to
   * `onMessage`: what the core settles a run on, so nothing the process said is lost.
   */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(signal?: NodeJS.Signals): void
}

export interface LaunchOptions {
  /** File that receives the process's stdout and stderr (appended). */
  logPath: string | null
  /** The run it trains: put on its command line, so that a pid from meta.json can be checked. */
  runId?: string
  /** BENCHTOP_THREADS of the process (the native backend's pool and BLAS); null or absent: every core. */
  threads?: number | null
}

/**
 * The environment of a training process: BENCHTOP_WORKER=1 and BENCHTOP_RUN=<id>, which identify it
 * to `cancel` from another process (see workerIdentity.ts), on top of `base`.
 */
export function workerEnv(options: LaunchOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...workerEnvironment(options.runId) }
  if (options.threads) env.BENCHTOP_THREADS = String(options.threads)
  return env
}

export type Launcher = (options: LaunchOptions) => TrainingProcess

const here = path.dirname(fileURLToPath(import.meta.url))

/** The worker entry: the built `worker.js` when running from a bundle, else the TypeScript source through tsx. */
export function workerEntry(): { file: string; execArgv: string[] } {
  const built = path.join(here, 'worker.js')
  if (existsSync(built) && !import.meta.url.endsWith('.ts')) return { file: built, execArgv: [] }
  const require = createRequire(import.meta.url)
  const tsx = pathToFileURL(require.resolve('tsx')).href
  return { file: path.join(here, 'worker.ts'), execArgv: ['--import', tsx] }
}

export const forkLauncher: Launcher = (options) => {
  const entry = workerEntry()
  // The log is a run file: never opened through a link (a crafted folder's log.txt could point anywhere).
  const log = options.logPath ? openRunFile(path.dirname(options.logPath), options.logPath, 'append') : 'ignore'
  const child = fork(entry.file, options.runId ? [runArgument(options.runId)] : [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', log, log, 'ipc'],
    env: workerEnv(options),
    serialization: 'advanced',
  })
  if (typeof log === 'number') closeSync(log)
  const ended = whenEndedAndDrained(child)
  return {
    get pid() {
      return child.pid
    },
    send: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
    onExit: (listener) => void ended.then(({ code, signal }) => listener(code, signal)),
    kill: (signal) => {
      child.kill(signal)
    },
  }
}

/** How long after the exit the channel may take to close (it holds only what the kernel buffered). */
const DRAIN_WAIT_MS = 10_000

/**
 * A child's 'exit' can come before the messages still in its channel have been read: wait for the
 * channel to close as well ('disconnect' follows the last message), so no message is lost.
 */
function whenEndedAndDrained(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const drained = new Promise<void>((resolve) => {
    if (!child.connected) return resolve()
    child.once('disconnect', () => resolve())
  })
  return exited.then(async (result) => {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_WAIT_MS)))])
    clearTimeout(timer)
    return result
  })
}
