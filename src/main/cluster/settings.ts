/**
 * The queue setting: `<home>/settings.json` may hold
 *   { "queue": { "url": "redis://HOST:PORT", "passwordFile": "/path/to/file" } }
 * With it, studies started by the app (and by `benchtop run --sweep`) go to that queue's workers.
 * The file holds the address and where the password is, never the password itself.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ConfigError } from '../experiments/config'
import type { QueueTarget } from './connection'

export function settingsPath(home: string): string {
  return path.join(home, 'settings.json')
}

/** The settings file's JSON value, or undefined when there is no file; text that is not JSON is an error naming the file. */
export function readSettingsJson(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`)
  }
}

/** The configured queue, or null; a malformed file is an error naming it. */
export function readQueueSetting(home: string): QueueTarget | null {
  const file = settingsPath(home)
  const parsed = readSettingsJson(file)
  if (parsed === undefined) return null
  const queue = (parsed as { queue?: unknown } | null)?.queue
  if (queue === undefined || queue === null) return null
  const q = queue as { url?: unknown; passwordFile?: unknown }
  if (typeof q.url !== 'string') throw new ConfigError(`${file}: "queue" needs a "url" such as "redis://127.0.0.1:6379"`)
  if (q.passwordFile !== undefined && q.passwordFile !== null && typeof q.passwordFile !== 'string') {
    throw new ConfigError(`${file}: "queue"."passwordFile" must be a file path`)
  }
  return { url: q.url, passwordFile: (q.passwordFile as string | undefined) ?? null }
}
