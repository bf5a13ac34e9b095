/**
 * Reaching the queue: a `redis://HOST:PORT[/DB]` or `rediss://` (TLS) address, and optionally a file
 * holding the password, become ioredis options. The label (address without credentials) is what is
 * recorded in studies and runs and printed; the password is read from the file and kept in memory only.
 */
import { readFileSync, statSync } from 'node:fs'
import { isIP } from 'node:net'
import type { RedisOptions } from 'ioredis'
import { ConfigError } from '../experiments/config'

/** The BullMQ queue every Benchtop coordinator and worker of one Redis share. */
export const QUEUE_NAME = 'benchtop-runs'
/** Prefix of Benchtop's own keys (event streams, shipped checkpoints, cancel flags). */
export const KEY_PREFIX = 'benchtop'

export interface QueueTarget {
  url: string
  /** A file whose first line is the Redis password (AUTH); never put it in the URL on a shared machine. */
  passwordFile?: string | null
}

export interface QueueConnection {
  options: RedisOptions
  /** `redis://host:port[/db]`, without user or password. */
  label: string
}

const MAX_PASSWORD_FILE_BYTES = 4096

function readPassword(file: string): string {
  let size: number
  try {
    size = statSync(file).size
  } catch (error) {
    throw new ConfigError(`--queue-password-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  if (size > MAX_PASSWORD_FILE_BYTES) throw new ConfigError(`--queue-password-file ${file}: ${size} bytes; a password file holds one line`)
  const password = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? ''
  if (password === '') throw new ConfigError(`--queue-password-file ${file}: the first line is empty`)
  return password
}

export function queueConnection(target: QueueTarget): QueueConnection {
  let url: URL
  try {
    url = new URL(target.url)
  } catch {
    throw new ConfigError(`--queue: '${target.url}' is not an address; expected redis://HOST:PORT or rediss://HOST:PORT (TLS)`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`--queue: '${url.protocol}' is not supported; expected redis://HOST:PORT or rediss://HOST:PORT (TLS)`)
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (!host) throw new ConfigError(`--queue: '${target.url}' names no host`)
  const port = url.port ? Number(url.port) : 6379
  const dbText = url.pathname.replace(/^\//, '')
  const db = dbText === '' ? 0 : Number(dbText)
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(`--queue: '${dbText}' is not a database number`)
  const password = target.passwordFile ? readPassword(target.passwordFile) : url.password ? decodeURIComponent(url.password) : undefined
  const tls = url.protocol === 'rediss:'
  const options: RedisOptions = {
    host,
    port,
    db,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password,
    // Certificates are checked against the system's CAs (add one with NODE_EXTRA_CA_CERTS).
    // (SNI carries host names only: an IP address is checked against the certificate's IP entries.)
    tls: tls ? (isIP(host) ? {} : { servername: host }) : undefined,
    // BullMQ needs these: commands wait through a reconnect instead of failing.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Reconnect forever, at most every 2 s: a restarted Redis is picked up again.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  }
  const label = `${url.protocol}//${url.hostname}:${port}${db ? `/${db}` : ''}`
  return { options, label }
}

/** Remembers a connection's last error (a refused certificate, a wrong password), for the message when it does not answer. */
export function lastErrorOf(redis: { on(event: 'error', listener: (error: Error) => void): unknown }): () => string | null {
  let last: string | null = null
  redis.on('error', (error) => (last = error.message))
  return () => last
}

/** The error for a queue that did not answer in time, saying why when the connection said. */
export function unanswered(label: string, timeoutMs: number, lastError: string | null): Error {
  const why = !lastError
    ? 'is Redis running there, and is the password right?'
    : /certificate|self[- ]signed|CERT|SSL|TLS/i.test(lastError)
      ? `TLS: ${lastError}; rediss:// checks the server's certificate against the system's CAs: add a private CA with NODE_EXTRA_CA_CERTS=FILE`
      : `last error: ${lastError}`
  return new Error(`the queue ${label} did not answer within ${timeoutMs / 1000} s (${why})`)
}
