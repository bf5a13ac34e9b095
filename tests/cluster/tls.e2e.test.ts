/**
 * A queue over TLS with a password: Debian's redis-server (built with TLS) on 127.0.0.1 speaking
 * TLS only, with a self-signed certificate made here by openssl, and `--requirepass`. A worker
 * given `rediss://` and `--queue-password-file` connects when the certificate is trusted
 * (NODE_EXTRA_CA_CERTS) and is refused with the certificate named when it is not; plain
 * `redis://` to the TLS port gets no answer.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, startCli, tempHome, waitFor } from '../helpers/cli'
import { skipUnless } from '../helpers/skip'
import { redisMissing, startRedis, type RedisServer } from './redisServer'

const missing = redisMissing()
const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-tls-'))
const cert = path.join(dir, 'cert.pem')
const key = path.join(dir, 'key.pem')
const openssl = missing
  ? null
  : spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' })
const tlsMissing = missing ?? (openssl && openssl.status !== 0 ? `openssl could not make a test certificate: ${openssl.error?.message ?? openssl.stderr}` : null)

let redis: RedisServer | null = null
afterAll(async () => {
  await redis?.stop()
})

/** Runs the CLI with NODE_EXTRA_CA_CERTS set or not. */
function withCa<T>(trust: boolean, f: () => T): T {
  const saved = process.env.NODE_EXTRA_CA_CERTS
  if (trust) process.env.NODE_EXTRA_CA_CERTS = cert
  else delete process.env.NODE_EXTRA_CA_CERTS
  try {
    return f()
  } finally {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS
    else process.env.NODE_EXTRA_CA_CERTS = saved
  }
}

describe.skipIf(skipUnless(tlsMissing === null, tlsMissing ?? ''))('a queue over TLS (rediss://) with a password', () => {
  it('connects with the certificate trusted and the password file, and says why otherwise', async () => {
    redis = await startRedis(['--requirepass', 'tls horse'], { tls: { cert, key } })
    expect(redis.url).toMatch(/^rediss:\/\/127\.0\.0\.1:\d+$/)
    const file = path.join(dir, 'redis.pw')
    writeFileSync(file, 'tls horse\n', { mode: 0o600 })
    const home = tempHome()

    const untrusted = await withCa(false, () => runCli(['worker', '--queue', redis!.url, '--queue-password-file', file], home))
    expect(untrusted.code).toBe(1)
    expect(untrusted.stderr).toMatch(/benchtop worker: the queue rediss:\/\/127\.0\.0\.1:\d+ did not answer within 15 s \(TLS: self[- ]signed certificate.*NODE_EXTRA_CA_CERTS/)

    const plain = await withCa(true, () => runCli(['worker', '--queue', redis!.url.replace('rediss:', 'redis:'), '--queue-password-file', file], home))
    expect(plain.code).toBe(1)

    const worker = withCa(true, () => startCli(['worker', '--queue', redis!.url, '--queue-password-file', file, '--name', 'tls'], home))
    let out = ''
    worker.stderr!.on('data', (d) => (out += d))
    try {
      await waitFor(() => out.includes('waiting for runs on rediss://127.0.0.1'), 120_000, `the worker to connect over TLS: ${out}`)
      expect(out).not.toContain('tls horse')
      expect(out).not.toContain('DeprecationWarning')
    } finally {
      worker.kill('SIGKILL')
    }
  }, 240_000)
})
