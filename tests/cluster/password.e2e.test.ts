/** A Redis with a password: a worker without it is refused with a clear message, with the password file it serves. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, startCli, tempHome, waitFor } from '../helpers/cli'
import { redisMissing, startRedis, type RedisServer } from './redisServer'

const missing = redisMissing()
if (missing) console.log(`skipping the queue password test: ${missing}`)
let redis: RedisServer | null = null
afterAll(async () => {
  await redis?.stop()
})

describe.skipIf(missing !== null)('a queue with a password', () => {
  it('refuses a worker without the password and takes one with --queue-password-file', async () => {
    redis = await startRedis(['--requirepass', 'correct horse'])
    const home = tempHome()
    const refused = await runCli(['worker', '--queue', redis.url], home)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/benchtop worker: .*(NOAUTH|did not answer)/)
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'benchtop-pw-')), 'redis.pw')
    writeFileSync(file, 'correct horse\n', { mode: 0o600 })
    const worker = startCli(['worker', '--queue', redis.url, '--queue-password-file', file, '--name', 'pw'], home)
    let out = ''
    worker.stderr!.on('data', (d) => (out += d))
    try {
      await waitFor(() => out.includes('waiting for runs'), 120_000, `the worker to connect: ${out}`)
      expect(out).not.toContain('correct horse')
    } finally {
      worker.kill('SIGKILL')
    }
  }, 240_000)
})
