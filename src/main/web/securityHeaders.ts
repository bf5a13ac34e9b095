import { ownHosts } from './originGuard'

/**
 * Headers on every response. The policy repeats the renderer's own meta CSP and adds the exact
 * WebSocket origins, so injected markup can neither load foreign code nor send data elsewhere.
 */
export function securityHeaders(port: number): Record<string, string> {
  const sockets = ownHosts(port).map((host) => `ws://${host}`).join(' ')
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ${sockets}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}
