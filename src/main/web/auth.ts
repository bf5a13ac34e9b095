/**
 * The token that stands between the web server and every other program on this machine: any local
 * process can reach 127.0.0.1, so reaching the port must not be enough to run or delete experiments.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'benchtop_token'
export const TOKEN_HEADER = 'x-benchtop-token'
export const UNAUTHORIZED_MESSAGE = 'missing or wrong token: open the URL that `benchtop serve` printed\n'

/** Cookie-safe, and long enough that guessing is hopeless. */
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

function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return []
  return header.split(';').flatMap((part) => {
    const eq = part.indexOf('=')
    return eq > 0 && part.slice(0, eq).trim() === name ? [part.slice(eq + 1).trim()] : []
  })
}

/**
 * True when the request carries the token as the cookie, as the header, or as `queryToken` (only
 * the first page load and the WebSocket upgrade pass one: a browser cannot add headers to either).
 */
export function carriesToken(req: IncomingMessage, token: string, queryToken: string | null = null): boolean {
  const header = req.headers[TOKEN_HEADER]
  const candidates = [...cookieValues(req.headers.cookie, TOKEN_COOKIE), ...(typeof header === 'string' ? [header] : []), queryToken]
  return candidates.some((candidate) => tokensMatch(token, candidate))
}

/** HttpOnly keeps it from scripts, SameSite=Strict keeps other sites' requests from carrying it. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
}
