/**
 * Messages between the core (host.ts) and the inference process (server.ts), with ids:
 *
 *   core -> worker  { type: 'call', id, handler, input }   run handler `handler` on `input`
 *                   { type: 'cancel', id }                 the caller gave up: abort it (or drop it if queued)
 *                   { type: 'forget', prefix }             free every cached model whose key starts with prefix
 *   worker -> core  { type: 'result', id, value }
 *                   { type: 'error', id, message }          id null: the request itself was malformed
 *
 * Either side checks what it receives (`parseCall`, `parseReply`): a malformed message is
 * answered (worker) or reported (core), never a crash.
 */

export interface CallMessage {
  type: 'call'
  id: number
  handler: string
  input: unknown
}
export interface CancelMessage {
  type: 'cancel'
  id: number
}
export interface ForgetMessage {
  type: 'forget'
  prefix: string
}
export type ToInference = CallMessage | CancelMessage | ForgetMessage

export type FromInference = { type: 'result'; id: number; value: unknown } | { type: 'error'; id: number | null; message: string }

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0

/** A message to the worker, or a one-line reason it is not one. */
export function parseRequest(message: unknown): ToInference | { problem: string; id: number | null } {
  if (typeof message !== 'object' || message === null) return { problem: `not an object: ${typeof message}`, id: null }
  const m = message as Record<string, unknown>
  const id = isId(m.id) ? m.id : null
  switch (m.type) {
    case 'call':
      if (id === null) return { problem: 'call without a positive whole-number id', id: null }
      if (typeof m.handler !== 'string' || m.handler === '') return { problem: 'call without a handler name', id }
      return { type: 'call', id, handler: m.handler, input: m.input }
    case 'cancel':
      return id === null ? { problem: 'cancel without a positive whole-number id', id: null } : { type: 'cancel', id }
    case 'forget':
      return typeof m.prefix === 'string' && m.prefix !== '' ? { type: 'forget', prefix: m.prefix } : { problem: 'forget without a prefix', id: null }
    default:
      return { problem: `unknown message type ${JSON.stringify(m.type)}`, id }
  }
}

/** A reply from the worker, or null when it is not one. */
export function parseReply(message: unknown): FromInference | null {
  if (typeof message !== 'object' || message === null) return null
  const m = message as Record<string, unknown>
  if (m.type === 'result' && isId(m.id)) return { type: 'result', id: m.id, value: m.value }
  if (m.type === 'error' && (isId(m.id) || m.id === null) && typeof m.message === 'string') return { type: 'error', id: m.id as number | null, message: m.message }
  return null
}
