/**
 * The inference process's side of the channel to the core: Node's child_process IPC when forked,
 * Electron's parentPort when started as a utilityProcess. A send that fails (the core is gone) is
 * dropped quietly: nobody is left to answer.
 */
import type { FromInference } from './protocol'

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

export interface InferencePort {
  /** Throws (synchronously) when the message cannot be cloned. */
  send(message: FromInference): void
  onMessage(listener: (message: unknown) => void): void
}

export function openInferencePort(): InferencePort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    }
  }
  if (!process.send) throw new Error('the inference process must be started by the Benchtop core (no IPC channel)')
  // The core is gone: nothing left to answer.
  process.on('disconnect', () => process.exit(0))
  return {
    send: (message) => {
      if (process.connected) process.send!(message, undefined, {}, () => {})
    },
    onMessage: (listener) => process.on('message', listener),
  }
}
