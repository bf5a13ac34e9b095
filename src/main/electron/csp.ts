/**
 * The Content-Security-Policy of the app's own responses (benchtop:// and the dev server). The
 * meta tag in src/renderer/index.html carries the same directives (a test compares them), widened
 * only where the web mode needs it (its WebSocket on 127.0.0.1/localhost, whose port the build
 * cannot know; the web server's header then narrows it to the exact port).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Vue and ECharts set inline styles.
  "style-src 'self' 'unsafe-inline'",
  // Dataset thumbnails arrive as data: URLs; chart exports are blobs.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')
