/**
 * The API for the renderer in web mode (`benchtop serve`): each method is a `POST /api/call`,
 * events come over one shared WebSocket at `/api/events`. Browser code only; the Node-free
 * globals it needs (location, sessionStorage, WebSocket) are looked up, so it also runs in tests.
 */
import type { CoreEvent, CoreListener, RendererApi } from '../../../shared/api'
import { API_METHOD_NAMES, type ApiMethod } from '../../../shared/apiMethods'

/** `idle`: nobody listens for events, so no socket is open (calls work regardless). */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting'
export type ConnectionListener = (state: ConnectionState) => void

/** The parts of the browser's WebSocket this client uses; the `ws` package's class fits too. */
interface WebSocketLike {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  close(code?: number, reason?: string): void
}

export interface WebApiOptions {
  /** Where the server is; the page's own origin when left out. */
  baseUrl?: string
  /** The server's token; from the page URL's `?token=` (or this tab's earlier one) when left out. */
  token?: string | null
  /** A class shaped like the browser's WebSocket (in Node: the `ws` package's). */
  WebSocketImpl?: new (url: string, protocols?: string[]) => object
  fetchImpl?: typeof fetch
}

export interface WebApi extends RendererApi {
  readonly connectionState: ConnectionState
  onConnectionChange(listener: ConnectionListener): () => void
  /** Closes the event socket and stops reconnecting (the methods keep working). */
  close(): void
}

const TOKEN_KEY = 'benchtop.token'
const MAX_RETRY_MS = 10_000
/** Must match src/main/web/auth.ts: the socket offers `benchtop` and `benchtop.token.<T>`; the server answers `benchtop`. */
const EVENTS_PROTOCOL = 'benchtop'
const TOKEN_PROTOCOL_PREFIX = 'benchtop.token.'
/** A 429 (too many calls at once) is retried this many times, after Retry-After or 0.5 s, 1 s, 2 s... */
const MAX_BUSY_RETRIES = 4

interface BrowserGlobals {
  location?: { href: string }
  history?: { state: unknown; replaceState(state: unknown, unused: string, url: string): void }
  sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }
  WebSocket?: new (url: string, protocols?: string[]) => object
}

const browser = globalThis as BrowserGlobals

/** Every client's changes, for UI code that only has `useApi()` and so does not know it is a web client. */
const anyClientListeners = new Set<ConnectionListener>()
let lastState: ConnectionState = 'idle'

export function onConnectionChange(listener: ConnectionListener): () => void {
  anyClientListeners.add(listener)
  return () => anyClientListeners.delete(listener)
}

export function connectionState(): ConnectionState {
  return lastState
}

/** Storage can throw (disabled storage, sandboxed frames); the token then lives only in this page's memory. */
function storedToken(): string | null {
  try {
    return browser.sessionStorage?.getItem(TOKEN_KEY) ?? null
  } catch {
    return null
  }
}

function storeToken(token: string): void {
  try {
    browser.sessionStorage?.setItem(TOKEN_KEY, token)
  } catch {
    // Only this page load has it; a reload needs the printed URL again.
  }
}

/**
 * The token from the page address's `?token=` (read once, kept in sessionStorage, then removed
 * from the address bar and this history entry), else this tab's stored one.
 */
function pageToken(): string | null {
  if (!browser.location) return null
  const url = new URL(browser.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storeToken(fromUrl)
    url.searchParams.delete('token')
    try {
      browser.history?.replaceState(browser.history.state, '', url.pathname + url.search + url.hash)
    } catch {
      // No history to rewrite (tests, odd frames): nothing to clean.
    }
  }
  return fromUrl ?? storedToken()
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isReply(body: unknown): body is { ok: true; result?: unknown } | { ok: false; error: string } {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean'
}

/** JSON turns a trailing `undefined` into `null`, which the server rightly refuses for an optional argument. */
function trimUndefined(args: unknown[]): unknown[] {
  let end = args.length
  while (end > 0 && args[end - 1] === undefined) end--
  return args.slice(0, end)
}

export function createWebApi(options: WebApiOptions = {}): WebApi {
  const base = options.baseUrl ?? browser.location?.href
  if (!base) throw new Error('createWebApi needs a baseUrl outside a browser page')
  const token = options.token !== undefined ? options.token : pageToken()
  // Called through a wrapper: a bare `fetch` taken off the window can lose its `this`.
  const fetchImpl = options.fetchImpl ?? ((input: string, init?: RequestInit) => fetch(input, init))
  const callUrl = new URL('/api/call', base).href
  const eventsUrl = new URL('/api/events', base)
  eventsUrl.protocol = eventsUrl.protocol === 'https:' ? 'wss:' : 'ws:'
  // The token goes as a subprotocol, never in the socket's URL (which servers and proxies log).
  const eventsProtocols = token ? [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token] : [EVENTS_PROTOCOL]

  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (token) headers['X-Benchtop-Token'] = token
    const body = JSON.stringify({ method, args: trimUndefined(args) })
    let response: Response
    for (let attempt = 0; ; attempt++) {
      try {
        response = await fetchImpl(callUrl, { method: 'POST', headers, body, credentials: 'omit' })
      } catch (error) {
        throw new Error(`cannot reach Benchtop (${error instanceof Error ? error.message : String(error)}); is \`benchtop serve\` still running?`)
      }
      if (response.status !== 429 || attempt >= MAX_BUSY_RETRIES) break
      await response.text().catch(() => '')
      const after = Number(response.headers?.get?.('retry-after'))
      await wait(Number.isFinite(after) && after > 0 ? after * 1000 : 500 * 2 ** attempt)
    }
    const text = await response.text()
    let reply: unknown
    try {
      reply = JSON.parse(text)
    } catch {
      reply = undefined
    }
    if (isReply(reply)) {
      if (reply.ok) return reply.result
      throw new Error(reply.error)
    }
    // Refusals before the API (401, 403) answer in plain text that says what to do.
    throw new Error(text.trim() || `${method}: the server answered ${response.status}`)
  }

  const listeners = new Set<CoreListener>()
  const stateListeners = new Set<ConnectionListener>()
  let state: ConnectionState = 'idle'
  let socket: WebSocketLike | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let failures = 0

  function setState(next: ConnectionState): void {
    if (next === state) return
    state = next
    lastState = next
    for (const listener of [...stateListeners, ...anyClientListeners]) listener(next)
  }

  function deliver(data: unknown): void {
    let event: CoreEvent
    try {
      event = JSON.parse(typeof data === 'string' ? data : String(data)) as CoreEvent
    } catch {
      return
    }
    for (const listener of [...listeners]) {
      try {
        listener(event)
      } catch (error) {
        // One broken listener must not starve the others.
        console.error(error)
      }
    }
  }

  function connect(): void {
    retryTimer = null
    setState(failures === 0 ? 'connecting' : 'reconnecting')
    const Impl = options.WebSocketImpl ?? browser.WebSocket
    if (!Impl) throw new Error('no WebSocket here: pass WebSocketImpl')
    let ws: WebSocketLike
    try {
      ws = new Impl(eventsUrl.href, eventsProtocols) as WebSocketLike
    } catch {
      retryLater()
      return
    }
    socket = ws
    ws.onopen = () => {
      failures = 0
      setState('open')
    }
    ws.onmessage = (event) => deliver(event.data)
    // A failed socket always closes after its error, so onclose alone decides what comes next.
    ws.onerror = () => {}
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      retryLater()
    }
  }

  /** 1 s, 2 s, 4 s, 8 s, then every 10 s. Events sent meanwhile are lost: listeners should reload on `open`. */
  function retryLater(): void {
    if (listeners.size === 0) return setState('idle')
    const delay = Math.min(1000 * 2 ** failures, MAX_RETRY_MS)
    failures++
    setState('reconnecting')
    retryTimer = setTimeout(connect, delay)
  }

  function disconnect(): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    const ws = socket
    socket = null
    ws?.close(1000, 'no listeners')
    failures = 0
    setState('idle')
  }

  const methods = Object.fromEntries(API_METHOD_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)])) as unknown as Pick<RendererApi, ApiMethod>

  return {
    ...methods,
    host: { kind: 'web' },
    get connectionState() {
      return state
    },
    subscribe(listener: CoreListener) {
      // Its own entry per call, so subscribing one function twice needs two unsubscribes.
      const entry: CoreListener = (event) => listener(event)
      listeners.add(entry)
      if (!socket && !retryTimer) connect()
      return () => {
        if (!listeners.delete(entry)) return
        if (listeners.size === 0) disconnect()
      }
    },
    onConnectionChange(listener: ConnectionListener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    close() {
      listeners.clear()
      disconnect()
    },
  }
}
