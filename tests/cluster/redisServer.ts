/** The queue tests' redis-server (src/main/cluster/localRedis.ts); missing: skip with a reason, or fail under CI=true. */
import { spawnSync } from 'node:child_process'

export { startRedis, type RedisServer } from '../../src/main/cluster/localRedis'

/** Why the queue tests cannot run here, or null when redis-server is available. */
export function redisMissing(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    const reason = 'redis-server is not installed (Debian package redis-server)'
    if (process.env.CI === 'true') throw new Error(`${reason}; it is required under CI`)
    return reason
  }
  return null
}
