/**
 * A lock file that several processes (the app, the command line, a trainer) agree on, used to make
 * read-modify-write of meta.json safe. The lock is a file created with O_EXCL: exactly one creator
 * succeeds. Its content says who holds it, so a person finding a leftover one can tell whose it was.
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, linkSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { errorCode, LockTimeoutError } from './errors'
import { isProcessAlive } from './processAlive'
import { sleepSync } from './sleepSync'
import { writeAll } from './atomicFile'

export interface LockOptions {
  /** How long to keep retrying before giving up. */
  waitMs?: number
  /** A lock older than this is left over from a hung or killed process (holds last milliseconds). */
  staleMs?: number
}

interface LockContent {
  pid: number
  host: string
  token: string
  since: string
}

const DEFAULT_WAIT_MS = 2_000
const DEFAULT_STALE_MS = 10_000

/** Run `fn` while holding the lock file at `lockPath`; the lock is released even if `fn` throws. */
export function withFileLock<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const token = acquire(lockPath, options.waitMs ?? DEFAULT_WAIT_MS, options.staleMs ?? DEFAULT_STALE_MS)
  try {
    return fn()
  } finally {
    release(lockPath, token)
  }
}

function acquire(lockPath: string, waitMs: number, staleMs: number): string {
  const token = randomBytes(8).toString('hex')
  const content: LockContent = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() }
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx')
      try {
        writeAll(fd, Buffer.from(JSON.stringify(content) + '\n'))
      } finally {
        closeSync(fd)
      }
      return token
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error
    }
    if (breakIfStale(lockPath, staleMs)) continue
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, waitMs, describeHolder(lockPath))
    // Random back-off so that waiting processes do not retry in lock step.
    sleepSync(1 + Math.random() * 7)
  }
}

/** Only remove the lock if it is still ours: after a very long hold someone may have broken it. */
function release(lockPath: string, token: string): void {
  if (readLock(lockPath)?.token === token) {
    try {
      unlinkSync(lockPath)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error
    }
  }
}

/**
 * A lock is stale when it is older than `staleMs` or names a dead process on this host. It is broken
 * by renaming it away (only one process can win that rename) and checking that the file we took is
 * the one we judged stale; if a fresh lock slipped in between, it is put back with link(), which
 * fails rather than overwrite a lock somebody else created meanwhile. Returns true to retry at once.
 */
function breakIfStale(lockPath: string, staleMs: number): boolean {
  let judged
  try {
    judged = statSync(lockPath)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true
    throw error
  }
  const holder = readLock(lockPath)
  const old = Date.now() - judged.mtimeMs > staleMs
  // An empty or half-written lock is young: its creator is between open() and write().
  const deadHolder = holder !== null && holder.host === hostname() && !isProcessAlive(holder.pid)
  if (!old && !deadHolder) return false

  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    renameSync(lockPath, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true
    throw error
  }
  const taken = statSync(aside)
  if (taken.ino !== judged.ino || taken.mtimeMs !== judged.mtimeMs) {
    try {
      linkSync(aside, lockPath)
    } catch {
      // Someone else already holds a new lock; the one we took away belongs to a finished writer.
    }
  }
  unlinkSync(aside)
  return true
}

function readLock(lockPath: string): LockContent | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath, 'utf8'))
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as LockContent).pid === 'number') {
      return parsed as LockContent
    }
  } catch {
    // Missing, empty or half-written: treated as "unknown holder".
  }
  return null
}

function describeHolder(lockPath: string): string {
  const holder = readLock(lockPath)
  return holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : 'an unknown process'
}
