/**
 * The token that stands between the web server and every other program on this machine: any local
 * process can reach 127.0.0.1, so reaching the port must not be enough to run or delete experiments.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_HEADER = 'x-benchtop-token'
/** The WebSocket subprotocol the server answers with; the token travels in a second one, never echoed. */
export const EVENTS_PROTOCOL = 'benchtop'
/** A browser cannot put headers on a WebSocket: it offers `benchtop.token.<T>` as a subprotocol instead. */
export const TOKEN_PROTOCOL_PREFIX = 'benchtop.token.'
export const UNAUTHORIZED_MESSAGE = 'missing or wrong token: open the URL that `benchtop serve` printed\n'

/** Header- and subprotocol-safe (RFC 7230 token characters), and long enough that guessing is hopeless. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/

export function newToken(): string {
  return randomBytes(32).toString('hex')
}

export function checkTokenFormat(token: string): void {
  if (!TOKEN_PATTERN.test(token)) throw new Error('the web token must be 32 to 256 letters, digits, _ or -')
}

/** Constant-time for tokens of the right length; the length itself is no secret. */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The token in the `X-Benchtop-Token` header (API calls; any client that can set headers). */
export function headerToken(req: IncomingMessage): string | null {
  const header = req.headers[TOKEN_HEADER]
  return typeof header === 'string' ? header : null
}

/** The token a browser's WebSocket offers as the subprotocol `benchtop.token.<T>`, or null. */
export function protocolToken(req: IncomingMessage): string | null {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
  const entry = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
  return entry ? entry.slice(TOKEN_PROTOCOL_PREFIX.length) : null
}

/**
 * True when the request carries the token in the header (or, for a WebSocket upgrade, as a
 * subprotocol). Never from a cookie (cookies ignore ports: any other local server on 127.0.0.1
 * or localhost would receive it) and never from the URL (it would stay in history and logs).
 */
export function carriesToken(req: IncomingMessage, token: string, options: { webSocket?: boolean } = {}): boolean {
  const candidates = [headerToken(req), ...(options.webSocket ? [protocolToken(req)] : [])]
  return candidates.some((candidate) => tokensMatch(token, candidate))
}
