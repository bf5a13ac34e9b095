/**
 * The training process's side of the channel to the core: Node's child_process IPC when forked,
 * Electron's parentPort when started as a utilityProcess.
 *
 * Sending is asynchronous: a message can still sit in this process's queue (the core reads more
 * slowly than a fast trainer writes) when the trainer is done. `flush` waits until every message
 * has been handed to the operating system, so ending the process after it loses nothing; a send
 * that fails (the core is gone: EPIPE, channel closed) is dropped quietly instead of crashing the
 * process with an unhandled 'error' event.
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
  /** Resolves once every message sent so far has left this process (or could not be sent). */
  flush(): Promise<void>
}

export function openWorkerPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      // postMessage copies the message into Electron's own queue at once; the core acknowledges
      // the final message (protocol.ts), which is what makes the end of a run loss-free here.
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToWorker)),
      onDisconnect: () => {},
      flush: () => Promise.resolve(),
    }
  }
  if (!process.send) throw new Error('the training process must be started by the Benchtop core (no IPC channel)')
  let pending = 0
  let waiters: Array<() => void> = []
  const release = (): void => {
    const ready = waiters
    waiters = []
    for (const resolve of ready) resolve()
  }
  const settleOne = (): void => {
    pending = Math.max(0, pending - 1)
    if (pending === 0) release()
  }
  // Nothing more can leave once the channel is closed: whoever waits for a flush stops waiting.
  process.on('disconnect', () => {
    pending = 0
    release()
  })
  return {
    send: (message) => {
      if (!process.connected) return
      pending++
      // With a callback, a failed send is reported to it instead of as an 'error' event on process.
      process.send!(message, undefined, {}, () => settleOne())
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
    flush: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  }
}
