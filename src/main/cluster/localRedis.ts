/**
 * A throw-away redis-server for the queue tests and `npm run bench:queue`: 127.0.0.1, a free port,
 * no persistence (`--save '' --appendonly no`), its own temporary folder. Never used by the app.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'
import os from 'node:os'
import path from 'node:path'

export interface RedisServer {
  port: number
  url: string
  /** Stops the server (its data is lost: it keeps none) and starts a fresh one on the same port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

/** A TLS-only server: its certificate and key files (PEM); the certificate is also the CA clients trust. */
export interface RedisTls {
  cert: string
  key: string
}

function answers(port: number, withTls?: RedisTls): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = withTls ? tls.connect({ port, host: '127.0.0.1', ca: readFileSync(withTls.cert) }) : net.connect(port, '127.0.0.1')
    let reply = ''
    socket.once('error', () => resolve(false))
    socket.on('data', (d) => {
      reply += d
      if (reply.includes('\r\n')) {
        socket.destroy()
        resolve(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'))
      }
    })
    socket.once(withTls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'))
  })
}

/**
 * `extraArgs`: more redis-server options, e.g. `['--requirepass', 'pw']`. With `options.tls` the
 * server speaks TLS only (`--port 0 --tls-port PORT`, no client certificates) and `url` is `rediss://`.
 */
export async function startRedis(extraArgs: string[] = [], options: { tls?: RedisTls } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-redis-'))
  const port = await freePort()
  let child: ChildProcess
  const launch = async () => {
    const listen = options.tls
      ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.cert, '--tls-auth-clients', 'no']
      : ['--port', String(port)]
    child = spawn('redis-server', [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], { stdio: 'ignore' })
    const end = Date.now() + 30_000
    while (!(await answers(port, options.tls))) {
      if (Date.now() > end) throw new Error(`redis-server on port ${port} did not answer within 30 s`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const halt = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  await launch()
  return {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    restart: async () => {
      await halt()
      await launch()
    },
    stop: async () => {
      await halt()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
