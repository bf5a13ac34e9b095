/**
 * `POST /api/call`: one API method per request, checked by `dispatch` before the core sees it.
 *
 *   request:  { "method": "getRun", "args": ["2024-..."] }   (args may be left out for none)
 *   200 { "ok": true, "result": ... }    the core answered
 *   200 { "ok": false, "error": "..." }  the core refused or failed (a config error, an unknown run):
 *                                         the exchange worked, the call did not
 *   400 { "ok": false, "error": "..." }  not JSON, or an unknown method or bad arguments
 *   405, 413, 415 { "ok": false, "error": "..." }  wrong HTTP method, body over 1 MiB (64 MiB for
 *                                         detectCandidates, which carries an image), not JSON content
 *   429 { "ok": false, "error": "..." }  too many calls at once (MAX_CONCURRENT_CALLS, or
 *                                         MAX_CONCURRENT_LARGE_BODIES over 1 MiB); Retry-After: 1
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BenchtopApi } from '../../shared/api'
import { InvalidCallError } from '../../shared/apiMethods'
import { dispatch } from '../core/dispatch'

export const MAX_BODY_BYTES = 1024 * 1024
/** `detectCandidates` and `predictImages` carry images as base64 (at most 48 MiB of it, apiMethods.ts): their body may be this large. */
export const MAX_DETECT_BODY_BYTES = 64 * 1024 * 1024
/** Methods allowed the larger body. */
const LARGE_BODY_METHODS = new Set(['detectCandidates', 'findFaces', 'predictImages', 'uploadInputImage'])
/** After a 413, the rest of an oversized body is read and dropped up to here, then the connection is cut. */
const MAX_DRAINED_BYTES = 2 * MAX_DETECT_BODY_BYTES

/** Calls one server works on at once; more get 429 (a UI issues a handful, a runaway script thousands). */
export const MAX_CONCURRENT_CALLS = 16
/** Of those, calls with a body over MAX_BODY_BYTES (images, up to 64 MiB each held in memory). */
export const MAX_CONCURRENT_LARGE_BODIES = 2

export interface CallGate {
  handle(req: IncomingMessage, res: ServerResponse): void
  /** Calls in progress now. */
  readonly inFlight: number
}

/**
 * `handleApiCall` behind concurrency limits: beyond them a call is answered 429 at once, before its
 * body is read, with a message saying what to do. A body without Content-Length counts as large.
 */
export function createCallGate(core: BenchtopApi): CallGate {
  let inFlight = 0
  let large = 0
  return {
    get inFlight() {
      return inFlight
    },
    handle(req, res) {
      const length = Number(req.headers['content-length'])
      const isLarge = !(Number.isFinite(length) && length <= MAX_BODY_BYTES)
      if (inFlight >= MAX_CONCURRENT_CALLS || (isLarge && large >= MAX_CONCURRENT_LARGE_BODIES)) {
        const what = isLarge && large >= MAX_CONCURRENT_LARGE_BODIES ? `${large} calls carrying images` : `${inFlight} calls`
        // The body is not read: close the connection after answering so it is not left half-read.
        res.setHeader('Connection', 'close')
        return sendJson(res, 429, { ok: false, error: `too many API calls at once (${what} in progress); try again when one has finished` }, { 'Retry-After': '1' })
      }
      inFlight++
      if (isLarge) large++
      let released = false
      const release = () => {
        if (released) return
        released = true
        inFlight--
        if (isLarge) large--
      }
      res.once('close', release)
      res.once('finish', release)
      handleApiCall(req, res, core).catch(() => res.destroy())
    },
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  let text: string
  try {
    text = JSON.stringify(body)
  } catch (error) {
    status = 500
    text = JSON.stringify({ ok: false, error: `cannot send the result as JSON: ${messageOf(error)}` })
  }
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
  res.end(text)
}

/** Methods whose result holds runs (RunSummary, RunDetail, studies with their runs). */
const RUN_RESULT_METHODS = new Set(['listRuns', 'getRun', 'startRun', 'resumeRun', 'startStudy', 'listStudies', 'getStudy'])

/**
 * A reply without the server's run folder paths: a run (anything with an `id`) loses its `dir`.
 * The id already names the run; a browser has no use for where the server keeps it (the Electron
 * app, on the same machine, still gets it through IPC).
 */
export function withoutServerPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutServerPaths)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value as Record<string, unknown>)
  const isRun = typeof (value as { id?: unknown }).id === 'string'
  return Object.fromEntries(entries.filter(([key]) => !(isRun && key === 'dir')).map(([key, v]) => [key, withoutServerPaths(v)]))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The body, or null when it is over the limit. An oversized body is still read to its end (and
 * dropped) so the client gets to read the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit
    if (tooLarge) resolve(null)
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_DRAINED_BYTES) req.destroy()
      if (tooLarge) return
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function isJsonContent(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/json'
}

export async function handleApiCall(req: IncomingMessage, res: ServerResponse, core: BenchtopApi): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'use POST /api/call' }, { Allow: 'POST' })
  // A form on another site can post text/plain without asking; it cannot post application/json.
  if (!isJsonContent(req)) return sendJson(res, 415, { ok: false, error: 'the body must be sent as application/json' })
  let raw: Buffer | null
  try {
    // The method is known only once the body is parsed: read up to the largest limit, then hold
    // every method but the image-carrying ones to 1 MiB.
    raw = await readBody(req, MAX_DETECT_BODY_BYTES)
  } catch {
    return // The client went away; there is no one to answer.
  }
  if (raw === null) return sendJson(res, 413, { ok: false, error: `the body is over ${MAX_DETECT_BODY_BYTES} bytes` })
  let call: unknown
  try {
    call = JSON.parse(raw.toString('utf8'))
  } catch {
    call = undefined
  }
  const largeAllowed = typeof call === 'object' && call !== null && LARGE_BODY_METHODS.has(String((call as { method?: unknown }).method))
  if (raw.length > MAX_BODY_BYTES && !largeAllowed) return sendJson(res, 413, { ok: false, error: `the body is over ${MAX_BODY_BYTES} bytes` })
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    return sendJson(res, 400, { ok: false, error: 'the body must be JSON like {"method": "listRuns", "args": []}' })
  }
  const { method, args = [] } = call as { method?: unknown; args?: unknown }
  try {
    const result = await dispatch(core, method, args)
    sendJson(res, 200, { ok: true, result: RUN_RESULT_METHODS.has(String(method)) ? withoutServerPaths(result) : result })
  } catch (error) {
    sendJson(res, error instanceof InvalidCallError ? 400 : 200, { ok: false, error: messageOf(error) })
  }
}
