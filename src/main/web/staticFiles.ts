/**
 * Serves the built renderer. Every path is decoded, checked for `..`, resolved, and resolved again
 * through symlinks, so nothing outside the renderer folder can be read.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export type StaticLookup = { kind: 'file'; file: string; size: number } | { kind: 'bad-path' } | { kind: 'not-found' }

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** `root` must already be a real path (no symlinks); `urlPath` is the raw, still-encoded path. */
export function lookupStatic(root: string, urlPath: string): StaticLookup {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { kind: 'bad-path' }
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path' }
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'bad-path' }
  // Dot files (a build's .vite/ manifest, editor leftovers) are never part of the app.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'not-found' }
  const candidate = path.resolve(root, ...(segments.length ? segments : ['index.html']))
  if (!isInside(root, candidate)) return { kind: 'bad-path' }
  try {
    const real = realpathSync(candidate)
    const stat = statSync(real)
    if (!isInside(root, real) || !stat.isFile()) return { kind: 'not-found' }
    return { kind: 'file', file: real, size: stat.size }
  } catch {
    return { kind: 'not-found' }
  }
}

/**
 * index.html is never cached: it names the current build's assets. Vite's hashed files under
 * assets/ never change under the same name, so the browser may keep them.
 */
function cacheControl(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep)
  if (relative.length === 1 && relative[0] === 'index.html') return 'no-store'
  return relative[0] === 'assets' ? 'private, max-age=31536000, immutable' : 'no-cache'
}

export function sendStaticFile(req: IncomingMessage, res: ServerResponse, root: string, found: { file: string; size: number }): void {
  res.writeHead(200, { 'Content-Type': contentType(found.file), 'Content-Length': found.size, 'Cache-Control': cacheControl(root, found.file) })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  // A failed read mid-way can only end the response early; the error has nowhere else to go.
  pipeline(createReadStream(found.file), res, () => {})
}
