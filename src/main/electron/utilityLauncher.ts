/**
 * Training processes as Electron utility processes: Chromium's own child processes, ended with the
 * app, named in its task manager, and talking over `process.parentPort` (see training/workerPort.ts).
 * Same `Launcher` contract as `forkLauncher`, so the core does not know which one it has.
 */
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { openRunFile } from '../store/runFiles'
import { utilityProcess, type UtilityProcess } from 'electron'
import { workerEnv, type Launcher, type TrainingProcess } from '../training/launcher'
import type { FromWorker } from '../training/protocol'
import { runArgument } from '../training/workerIdentity'

/** `workerFile` is the built training entry, out/main/worker.js. */
export function createUtilityLauncher(workerFile: string): Launcher {
  return (options): TrainingProcess => {
    const { logPath, runId } = options
    const child = utilityProcess.fork(workerFile, runId ? [runArgument(runId)] : [], {
      // Without a log the output has nowhere to go; an unread pipe would fill and stall the child.
      stdio: logPath ? 'pipe' : 'ignore',
      serviceName: 'Benchtop training',
      // BENCHTOP_RUN in it identifies the process to `cancel` from another process (see workerIdentity.ts).
      env: workerEnv(options),
    })
    if (logPath) appendOutput(child, logPath)

    let exited = false
    let killedWith: NodeJS.Signals | null = null
    child.on('exit', () => (exited = true))
    // An 'error' event with no listener would throw in main and take the app down; 'exit' follows it anyway.
    child.on('error', () => {})

    return {
      get pid() {
        return child.pid
      },
      send: (message) => {
        if (!exited) child.postMessage(message)
      },
      onMessage: (listener) => child.on('message', (message: FromWorker) => listener(message)),
      // A utility process reports only an exit code. A process we killed and that did not end
      // cleanly is reported as killed by that signal, as Node reports a forked child.
      onExit: (listener) =>
        child.on('exit', (code) => {
          if (killedWith && code !== 0) listener(null, killedWith)
          else listener(code, null)
        }),
      kill: (signal) => {
        if (exited) return
        killedWith = signal ?? 'SIGTERM'
        // `child.kill()` sends SIGTERM, which the worker takes as a request to cancel at the next
        // step; a hard stop (a stuck trainer, a probe past its time) must signal the pid itself.
        if (killedWith === 'SIGKILL' && child.pid !== undefined) {
          try {
            process.kill(child.pid, 'SIGKILL')
            return
          } catch {
            // Gone already, or not ours to signal: fall back to the polite kill.
          }
        }
        child.kill()
      },
    }
  }
}

/** Appends the child's stdout and stderr to the run's log, closing it once both streams end. */
function appendOutput(child: UtilityProcess, logPath: string): void {
  // Opened as a run file: never through a link (see store/runFiles.ts).
  const log = createWriteStream(logPath, { fd: openRunFile(path.dirname(logPath), logPath, 'append') })
  // A log that cannot be written must not break the run; the core records progress elsewhere.
  log.on('error', () => {})
  const streams = [child.stdout, child.stderr].filter((s): s is NodeJS.ReadableStream => s !== null)
  let open = streams.length
  if (open === 0) log.end()
  for (const stream of streams) {
    // end: false, since two sources share one file: the first to end must not close it for the other.
    stream.pipe(log, { end: false })
    // 'end' after all output, 'close' also when the pipe breaks; count each stream once.
    let done = false
    const finish = () => {
      if (done) return
      done = true
      if (--open === 0) log.end()
    }
    stream.on('end', finish)
    stream.on('close', finish)
  }
}
