/**
 * The inference process's loop: takes `call` messages, runs their handlers one at a time (the
 * backend and its memory are shared; a queue keeps memory flat), answers each with its id.
 * Model caches live here, for the life of the process. A cancelled call that has not started is
 * dropped; one that runs sees its signal aborted. A malformed message is answered with an error.
 */
import { InferenceCancelledError, type InferenceContext, type InferenceHandler } from './contract'
import { ModelCache, type DisposableModel } from './modelCache'
import { parseRequest, type CallMessage, type FromInference } from './protocol'
import type { InferencePort } from './port'

export type HandlerSource = (name: string) => Promise<InferenceHandler>

export function serveInference(port: InferencePort, handlers: HandlerSource): void {
  const caches = new Map<string, ModelCache<DisposableModel>>()
  const context = (signal: AbortSignal) => inferenceContext(caches, signal)
  /** Calls not answered yet, queued or running. */
  const calls = new Map<number, AbortController>()
  let queue: Promise<unknown> = Promise.resolve()

  const send = (reply: FromInference): void => {
    try {
      port.send(reply)
    } catch (error) {
      // Not cloneable (a handler returned a function or a class with behaviour): say so instead.
      if (reply.type === 'result') port.send({ type: 'error', id: reply.id, message: `the result could not be sent back: ${(error as Error).message}` })
    }
  }

  const run = async (call: CallMessage, abort: AbortController): Promise<void> => {
    try {
      if (abort.signal.aborted) throw new InferenceCancelledError('cancelled before it started')
      const handler = await handlers(call.handler)
      const value = await handler(call.input, context(abort.signal))
      send({ type: 'result', id: call.id, value })
    } catch (error) {
      send({ type: 'error', id: call.id, message: error instanceof Error ? error.message : String(error) })
    } finally {
      calls.delete(call.id)
    }
  }

  port.onMessage((raw) => {
    const message = parseRequest(raw)
    if ('problem' in message) return send({ type: 'error', id: message.id, message: `malformed request: ${message.problem}` })
    if (message.type === 'cancel') return calls.get(message.id)?.abort()
    if (message.type === 'forget') {
      for (const cache of caches.values()) cache.forget(message.prefix)
      return
    }
    if (calls.has(message.id)) return send({ type: 'error', id: message.id, message: `malformed request: id ${message.id} is already in use` })
    const abort = new AbortController()
    calls.set(message.id, abort)
    queue = queue.then(() => run(message, abort))
  })
}

/**
 * A handler's context over `caches` (kind -> cache): the inference process keeps one map for its
 * life; the command line and tests may call a handler in their own process with their own.
 */
export function inferenceContext(caches: Map<string, ModelCache<DisposableModel>>, signal: AbortSignal = new AbortController().signal): InferenceContext {
  return {
    models: <M extends DisposableModel>(kind: string, capacity: number) => {
      let cache = caches.get(kind)
      if (!cache) caches.set(kind, (cache = new ModelCache(capacity)))
      return cache as unknown as ModelCache<M>
    },
    signal,
    checkCancelled: () => {
      if (signal.aborted) throw new InferenceCancelledError('cancelled')
    },
  }
}
