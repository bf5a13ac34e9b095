/**
 * The training process's side of the channel to the core: Node's child_process IPC when forked,
 * Electron's parentPort when started as a utilityProcess.
 */
import type { FromWorker, ToWorker } from './protocol'

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

export interface WorkerPort {
  send(message: FromWorker): void
  onMessage(listener: (message: ToWorker) => void): void
  /** Called when the core is gone (it was killed or exited). */
  onDisconnect(listener: () => void): void
}

export function openWorkerPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToWorker)),
      onDisconnect: () => {},
    }
  }
  if (!process.send) throw new Error('the training process must be started by the Benchtop core (no IPC channel)')
  return {
    send: (message) => {
      if (process.connected) process.send!(message)
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  }
}
