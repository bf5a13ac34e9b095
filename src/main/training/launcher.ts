/**
 * Starts training processes. The core depends only on `TrainingProcess`; the command line and
 * web mode fork Node children, the Electron host passes a launcher built on utilityProcess.
 */
import { fork } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { FromWorker, ToWorker } from './protocol'

export interface TrainingProcess {
  readonly pid: number | undefined
  send(message: ToWorker): void
  onMessage(listener: (message: FromWorker) => void): void
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(signal?: NodeJS.Signals): void
}

export interface LaunchOptions {
  /** File that receives the process's stdout and stderr (appended). */
  logPath: string | null
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
  const log = options.logPath ? openSync(options.logPath, 'a') : 'ignore'
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, BENCHTOP_WORKER: '1' },
    serialization: 'advanced',
  })
  if (typeof log === 'number') closeSync(log)
  return {
    get pid() {
      return child.pid
    },
    send: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
    onExit: (listener) => child.on('exit', listener),
    kill: (signal) => {
      child.kill(signal)
    },
  }
}
