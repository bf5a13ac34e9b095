/**
 * The web mode's HTTP server: the built renderer, `POST /api/call` and the `/api/events` WebSocket,
 * on 127.0.0.1 only, behind a per-start token. See README.md for the security model.
 */
import { existsSync, realpathSync } from 'node:fs'
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import type { BenchtopApi } from '../../shared/api'
import { createCallGate, type CallGate } from './apiCall'
import { carriesToken, checkTokenFormat, newToken, UNAUTHORIZED_MESSAGE } from './auth'
import { createEventHub, type EventHub } from './events'
import { foreignRequestProblem } from './originGuard'
import { securityHeaders } from './securityHeaders'
import { lookupStatic, sendStaticFile } from './staticFiles'

const HOST = '127.0.0.1'

export interface WebServerOptions {
  core: BenchtopApi
  /** 0 (the default) picks any free port. */
  port?: number
  /** The built renderer (`out/renderer`), with index.html. */
  rendererDir: string
  /** Made fresh per start when left out; tests pass their own. */
  token?: string
}

export interface WebServer {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL that opens the app. */
  url: string
  port: number
  token: string
  address(): AddressInfo
  close(): Promise<void>
}

interface Context {
  core: BenchtopApi
  root: string
  port: number
  token: string
  headers: Record<string, string>
  events: EventHub
  calls: CallGate
}

/** The raw path and query of a request target; null for anything but an origin-form target (`/...`). */
function parseTarget(url: string | undefined): { path: string; query: URLSearchParams } | null {
  if (!url || !url.startsWith('/')) return null
  const q = url.indexOf('?')
  return { path: q < 0 ? url : url.slice(0, q), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
  res.end(text)
}

function handleRequest(ctx: Context, req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of Object.entries(ctx.headers)) res.setHeader(name, value)
  const refusal = foreignRequestProblem(req, ctx.port)
  if (refusal) return sendText(res, 403, refusal)
  const target = parseTarget(req.url)
  if (!target) return sendText(res, 400, 'bad request target\n')

  if (target.path === '/api/' || target.path.startsWith('/api/')) {
    // Everything under /api needs the token, as the X-Benchtop-Token header.
    if (!carriesToken(req, ctx.token)) return sendText(res, 401, UNAUTHORIZED_MESSAGE)
    if (target.path === '/api/call') {
      ctx.calls.handle(req, res)
      return
    }
    if (target.path === '/api/events') return sendText(res, 426, 'this is a WebSocket endpoint\n', { Upgrade: 'websocket' })
    return sendText(res, 404, 'no such API endpoint\n')
  }
  // The app shell (index.html and its assets) holds no data and is the same for everyone: it is
  // served without the token; the page reads `?token=` from its own address, keeps it in
  // sessionStorage and removes it from the address bar.
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'only GET and HEAD here\n', { Allow: 'GET, HEAD' })
  const found = lookupStatic(ctx.root, target.path)
  if (found.kind === 'bad-path') return sendText(res, 400, 'bad path\n')
  if (found.kind === 'not-found') return sendText(res, 404, 'not found\n')
  sendStaticFile(req, res, ctx.root, found)
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = Buffer.from(text)
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` + text,
  )
}

function handleUpgrade(ctx: Context, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy())
  const refusal = foreignRequestProblem(req, ctx.port)
  if (refusal) return refuseUpgrade(socket, 403, refusal)
  const target = parseTarget(req.url)
  if (!target || target.path !== '/api/events') return refuseUpgrade(socket, 404, 'no WebSocket here\n')
  // Browsers cannot put headers on a WebSocket: the token comes as a subprotocol (or the header).
  if (!carriesToken(req, ctx.token, { webSocket: true })) return refuseUpgrade(socket, 401, UNAUTHORIZED_MESSAGE)
  ctx.events.accept(req, socket, head)
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${HOST} is in use; pick another with --port, or 0 for any free one`) : error)
    }
    server.once('error', onError)
    server.listen(port, HOST, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken()
  checkTokenFormat(token)
  const requestedPort = options.port ?? 0
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new Error(`port must be from 0 to 65535, got ${requestedPort}`)
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) throw new Error(`no built renderer in ${options.rendererDir} (index.html is missing)`)
  const root = realpathSync(options.rendererDir)

  const server = http.createServer()
  await listen(server, requestedPort)
  const address = server.address() as AddressInfo
  const ctx: Context = { core: options.core, root, port: address.port, token, headers: securityHeaders(address.port), events: createEventHub(options.core), calls: createCallGate(options.core) }
  server.on('request', (req, res) => handleRequest(ctx, req, res))
  server.on('upgrade', (req, socket, head) => handleUpgrade(ctx, req, socket, head))

  let closing: Promise<void> | null = null
  return {
    url: `http://${HOST}:${address.port}/?token=${token}`,
    port: address.port,
    token,
    address: () => address,
    close() {
      closing ??= (async () => {
        await ctx.events.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // Idle keep-alive connections would otherwise hold the port open for seconds.
          server.closeAllConnections()
        })
      })()
      return closing
    },
  }
}
