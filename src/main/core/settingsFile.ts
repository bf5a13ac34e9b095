/**
 * `<home>/settings.json`: the app's settings (src/shared/settings.ts). Read on every use, so an
 * edit by hand or by another Benchtop process counts at once; written atomically, keeping any key
 * this version does not know. The queue's password is never stored, only where its file is.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { BACKEND_ORDER, type BackendName } from '../../shared/api'
import { checkSettingsPatch, DEFAULT_SETTINGS, type AppSettings, type SettingsPatch } from '../../shared/settings'
import { readSettingsJson, settingsPath } from '../cluster/settings'
import { queueConnection } from '../cluster/connection'
import { ConfigError } from '../experiments/config'
import { withFileLock, writeFileAtomic } from '../store'

export { settingsPath }

/** The file's JSON object ({} when there is no file); a malformed file is an error naming it. */
function readRaw(file: string): Record<string, unknown> {
  const parsed = readSettingsJson(file)
  if (parsed === undefined) return {}
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${file}: must hold a JSON object`)
  return parsed as Record<string, unknown>
}

/** The settings in `home` (defaults for what the file leaves out); a bad value is an error naming the file. */
export function readSettings(home: string): AppSettings {
  const file = settingsPath(home)
  const raw = readRaw(file)
  const known: Record<string, unknown> = {}
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (raw[key] !== undefined) known[key] = raw[key]
  const problem = checkSettingsPatch(known)
  if (problem) throw new ConfigError(`${file}: ${problem}`)
  const patch = known as SettingsPatch
  const queue = patch.queue ? { url: patch.queue.url, passwordFile: patch.queue.passwordFile ?? null } : null
  return { ...DEFAULT_SETTINGS, ...patch, queue }
}

/**
 * Applies `patch` (already shape-checked) after checking what needs this machine: a queue address
 * that parses and a password file that can be read. Returns the settings now in force.
 */
export function writeSettings(home: string, patch: SettingsPatch): AppSettings {
  const problem = checkSettingsPatch(patch)
  if (problem) throw new ConfigError(`settings: ${problem}`)
  if (patch.defaultBackend && !BACKEND_ORDER.includes(patch.defaultBackend as BackendName)) throw new ConfigError(`settings: unknown backend '${patch.defaultBackend}'`)
  if (patch.queue) {
    // Parses the address and reads the password file once: a typo is reported now, not when a study starts.
    queueConnection({ url: patch.queue.url, passwordFile: patch.queue.passwordFile ?? null })
  }
  const file = settingsPath(home)
  mkdirSync(path.dirname(file), { recursive: true })
  return withFileLock(`${file}.lock`, () => {
    const raw = readRaw(file)
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue
      // null restores the default, which is what a missing key means.
      if (value === null) delete raw[key]
      else if (key === 'queue') {
        const q = value as { url: string; passwordFile?: string | null }
        raw.queue = q.passwordFile ? { url: q.url, passwordFile: q.passwordFile } : { url: q.url }
      } else raw[key] = value
    }
    if (raw.theme === DEFAULT_SETTINGS.theme) delete raw.theme
    writeFileAtomic(file, `${JSON.stringify(raw, null, 2)}\n`)
    return readSettings(home)
  })
}
