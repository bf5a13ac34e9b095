/**
 * Starts the inference process. The core depends only on `InferenceProcess`; the command line and
 * web mode fork a Node child, and the Electron host may pass a launcher built on utilityProcess
 * (the worker talks through port.ts, which speaks both).
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ToInference } from './protocol'

export interface InferenceProcess {
  readonly pid: number | undefined
  /** Throws when the process cannot take it (gone, or the message cannot be cloned). */
  send(message: ToInference): void
  onMessage(listener: (message: unknown) => void): void
  /** Once, when the process has ended (or could not start: code null, signal null, `error` set). */
  onExit(listener: (code: number | null, signal: string | null, error?: Error) => void): void
  /** The last lines it wrote to stderr, to explain a crash. */
  stderrTail(): string
  kill(signal?: NodeJS.Signals): void
}

export type InferenceLauncher = () => InferenceProcess

const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * The worker's entry: a built `inferenceWorker.js` beside the bundle if one exists, else the
 * TypeScript source through tsx (source mode, and a bundle built inside a checkout).
 */
export function inferenceWorkerEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts')
  const built = path.join(here, 'inferenceWorker.js')
  if (!fromSource && existsSync(built)) return { file: built, execArgv: [] }
  const source = fromSource ? path.join(here, 'worker.ts') : path.resolve(here, '..', '..', 'src', 'main', 'inference', 'worker.ts')
  const require = createRequire(import.meta.url)
  const tsx = pathToFileURL(require.resolve('tsx')).href
  return { file: source, execArgv: ['--import', tsx] }
}

/** Bytes of the worker's stderr kept to explain a crash. */
const STDERR_TAIL = 4096

/** Keeps the last STDERR_TAIL characters the process writes to `stderr`; returns their reader (InferenceProcess.stderrTail). */
export function keepStderrTail(stderr: NodeJS.ReadableStream | null | undefined): () => string {
  let tail = ''
  stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-STDERR_TAIL)
  })
  return () => tail
}

/** A forked Node child running `entry` (by default the inference worker). */
export function forkInferenceLauncher(entry = inferenceWorkerEntry()): InferenceLauncher {
  return () => {
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, BENCHTOP_WORKER: '1' },
      serialization: 'advanced',
    })
    const stderrTail = keepStderrTail(child.stderr)
    return {
      get pid() {
        return child.pid
      },
      send: (message) => {
        if (!child.connected) throw new Error('its channel is closed')
        child.send(message)
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        let done = false
        const once = (code: number | null, signal: string | null, error?: Error) => {
          if (done) return
          done = true
          listener(code, signal, error)
        }
        child.on('exit', (code, signal) => once(code, signal))
        child.on('error', (error) => {
          // A process that could not start never exits; one that did start reports 'exit' too.
          if (child.pid === undefined) once(null, null, error)
        })
      },
      stderrTail,
      kill: (signal) => {
        child.kill(signal)
      },
    }
  }
}
