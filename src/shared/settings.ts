/**
 * The app's settings as the API carries them: what `<home>/settings.json` holds and what the
 * Settings page shows beside it. `checkSettingsPatch` is the shape check every transport runs
 * before the core sees a change (the core then checks what needs the machine: a password file).
 */
import { BACKEND_ORDER, type BackendName } from './api'

export type ThemePreference = 'system' | 'light' | 'dark'
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark']

/** Threads a run may be given at most (more than any machine Benchtop runs on has cores). */
export const MAX_THREADS = 256

export interface QueueSetting {
  url: string
  passwordFile: string | null
}

export interface AppSettings {
  /** The page's colours: the system's light or dark choice, or always one of them. */
  theme: ThemePreference
  /** The backend new runs ask for when the New run form leaves it on automatic; null: the engine's order. */
  defaultBackend: BackendName | null
  /** BENCHTOP_THREADS of new training processes (the native backend's pool and BLAS); null: every core. */
  threads: number | null
  /** Where studies go to be trained by workers; null: they train on this machine. */
  queue: QueueSetting | null
}

export const DEFAULT_SETTINGS: AppSettings = { theme: 'system', defaultBackend: null, threads: null, queue: null }

/** What the Settings page shows: the settings, and the facts it explains them with. */
export interface SettingsView {
  settings: AppSettings
  /** Benchtop's home ($BENCHTOP_HOME, else ~/.benchtop), fixed when the app starts. */
  home: string
  /** The folder holding one folder per run. */
  runsFolder: string
  /** The file the settings are kept in. */
  settingsFile: string
  /** Logical cores of this machine: the default thread count. */
  cores: number
}

/** A change to some settings; a field set to null goes back to its default. */
export type SettingsPatch = Partial<AppSettings>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}

/** Null when `value` is a well-formed SettingsPatch, else what is wrong with it (one line). */
export function checkSettingsPatch(value: unknown): string | null {
  if (!isPlainObject(value)) return 'must be an object of settings'
  const known = Object.keys(DEFAULT_SETTINGS)
  const extra = Object.keys(value).filter((k) => !known.includes(k))
  if (extra.length) return `has unknown setting(s) ${extra.join(', ')}; known: ${known.join(', ')}`
  if (value.theme !== undefined && !THEME_PREFERENCES.includes(value.theme as ThemePreference)) {
    return `theme must be one of ${THEME_PREFERENCES.join(', ')}`
  }
  if (value.defaultBackend !== undefined && value.defaultBackend !== null && !BACKEND_ORDER.includes(value.defaultBackend as BackendName)) {
    return `defaultBackend must be null (automatic) or one of ${BACKEND_ORDER.join(', ')}`
  }
  if (value.threads !== undefined && value.threads !== null && !(Number.isInteger(value.threads) && (value.threads as number) >= 1 && (value.threads as number) <= MAX_THREADS)) {
    return `threads must be null (every core) or a whole number from 1 to ${MAX_THREADS}`
  }
  if (value.queue !== undefined && value.queue !== null) {
    const q = value.queue
    if (!isPlainObject(q) || Object.keys(q).some((k) => k !== 'url' && k !== 'passwordFile')) return 'queue must be null or { url, passwordFile }'
    if (typeof q.url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(q.url) || q.url.length > 2048) return 'queue.url must be an address such as redis://HOST:PORT or rediss://HOST:PORT'
    if (q.passwordFile !== undefined && q.passwordFile !== null && (typeof q.passwordFile !== 'string' || q.passwordFile.length === 0 || q.passwordFile.length > 4096 || q.passwordFile.includes('\0'))) {
      return 'queue.passwordFile must be null or a file path'
    }
  }
  return null
}
