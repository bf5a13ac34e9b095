/**
 * The inference process as an Electron utility process (named in the app's task manager, ended
 * with the app), talking over `process.parentPort` (inference/port.ts speaks both). Same
 * `InferenceProcess` contract as the forked child, so the core does not know which one it has.
 */
import { utilityProcess } from 'electron'
import { keepStderrTail, type InferenceLauncher, type InferenceProcess } from '../inference/launcher'

/** `workerFile` is the built inference entry, out/main/inferenceWorker.js. */
export function createUtilityInferenceLauncher(workerFile: string): InferenceLauncher {
  return (): InferenceProcess => {
    const child = utilityProcess.fork(workerFile, [], {
      stdio: 'pipe',
      serviceName: 'Benchtop inference',
      env: { ...process.env, BENCHTOP_WORKER: '1' },
    })
    let exited = false
    child.on('exit', () => (exited = true))
    // An 'error' event with no listener would throw in main; 'exit' follows it anyway.
    child.on('error', () => {})
    // Unread, a pipe would fill and stall the process: stdout is drained, stderr kept for crash messages.
    child.stdout?.resume()
    const stderrTail = keepStderrTail(child.stderr)
    return {
      get pid() {
        return child.pid
      },
      send: (message) => {
        if (exited) throw new Error('the process has ended')
        child.postMessage(message)
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message)),
      onExit: (listener) => child.once('exit', (code: number) => listener(code, null)),
      stderrTail,
      kill: (signal) => {
        if (exited) return
        if (signal === 'SIGKILL' && child.pid !== undefined) {
          try {
            process.kill(child.pid, 'SIGKILL')
            return
          } catch {
            // Gone already: fall back to the polite kill.
          }
        }
        child.kill()
      },
    }
  }
}
