/**
 * Refuses requests that a web page from somewhere else could make: a foreign `Origin` (a page on
 * another site calling us), and a foreign `Host` (DNS rebinding: evil.example resolving to 127.0.0.1,
 * which would make the browser treat us as evil.example's own origin).
 */
import type { IncomingMessage } from 'node:http'

export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function ownOrigins(port: number): string[] {
  return ownHosts(port).map((host) => `http://${host}`)
}

/** Why the request is refused (for a 403), or null when it may go on. */
export function foreignRequestProblem(req: IncomingMessage, port: number): string | null {
  const host = req.headers.host?.toLowerCase()
  if (!host || !ownHosts(port).includes(host)) return `refused: Host must be 127.0.0.1:${port} or localhost:${port}\n`
  const origin = req.headers.origin
  if (origin !== undefined && !ownOrigins(port).includes(origin)) return 'refused: requests from other origins are not allowed\n'
  return null
}
