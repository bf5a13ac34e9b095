/**
 * The logic of the New run form, kept out of the .vue file so it is type-checked and testable:
 * preset baselines, parsing and validating what was typed, and the overrides to send.
 */
import type { ConfigField, ConfigValue, ExperimentInfo } from '../../../shared/api'

/** What an input holds: text for number/enum/string fields, a flag for booleans. */
export type FormValue = string | boolean

/** The config a preset gives: field defaults, then the preset's values. */
export function presetValues(experiment: ExperimentInfo, presetName: string | null | undefined): Record<string, ConfigValue> {
  const values: Record<string, ConfigValue> = {}
  for (const field of experiment.fields) values[field.key] = field.default
  const preset = experiment.presets.find((p) => p.name === presetName)
  if (preset) Object.assign(values, preset.values)
  return values
}

export function toFormValue(field: ConfigField, value: ConfigValue | undefined): FormValue {
  const v = value ?? field.default
  if (field.type === 'boolean') return v === true || v === 'true'
  return String(v)
}

export function formValues(experiment: ExperimentInfo, values: Record<string, ConfigValue>): Record<string, FormValue> {
  const form: Record<string, FormValue> = {}
  for (const field of experiment.fields) form[field.key] = toFormValue(field, values[field.key])
  return form
}

function rangeError(field: ConfigField, n: number): string | null {
  const { min, max } = field
  if (min !== undefined && max !== undefined && (n < min || n > max)) return `Must be between ${min} and ${max}.`
  if (min !== undefined && n < min) return `Must be at least ${min}.`
  if (max !== undefined && n > max) return `Must be at most ${max}.`
  return null
}

export type Parsed = { ok: true; value: ConfigValue } | { ok: false; error: string }

export function parseField(field: ConfigField, raw: FormValue | undefined): Parsed {
  if (field.type === 'boolean') return { ok: true, value: raw === true || raw === 'true' }
  const text = typeof raw === 'string' ? raw.trim() : String(raw ?? '')
  switch (field.type) {
    case 'integer':
    case 'number': {
      if (text === '') return { ok: false, error: 'Enter a value.' }
      const n = Number(text)
      if (!Number.isFinite(n)) return { ok: false, error: 'Enter a number.' }
      if (field.type === 'integer' && !Number.isInteger(n)) return { ok: false, error: 'Must be a whole number.' }
      const range = rangeError(field, n)
      return range ? { ok: false, error: range } : { ok: true, value: n }
    }
    case 'image-file':
      if (text === '') return { ok: false, error: 'Choose or drop an image.' }
      return { ok: true, value: text }
    case 'enum':
      if (field.options && !field.options.includes(text)) return { ok: false, error: `Choose one of ${field.options.join(', ')}.` }
      return { ok: true, value: text }
    default:
      return { ok: true, value: typeof raw === 'string' ? raw : text }
  }
}

export interface FormResult {
  /** Values that differ from the preset: what `startRun` gets in `set`. */
  set: Record<string, ConfigValue>
  /** Message per field key, for fields that do not parse or are out of range. */
  errors: Record<string, string>
}

export function collectOverrides(experiment: ExperimentInfo, presetName: string | null | undefined, form: Record<string, FormValue>): FormResult {
  const baseline = presetValues(experiment, presetName)
  const set: Record<string, ConfigValue> = {}
  const errors: Record<string, string> = {}
  for (const field of experiment.fields) {
    const parsed = parseField(field, form[field.key])
    if (!parsed.ok) errors[field.key] = parsed.error
    else if (parsed.value !== baseline[field.key]) set[field.key] = parsed.value
  }
  return { set, errors }
}

export const SEED_MAX = 2 ** 32 - 1

/** Blank means random (undefined); otherwise a whole number the core accepts. */
export function parseSeed(raw: string): { ok: true; seed: number | undefined } | { ok: false; error: string } {
  const text = raw.trim()
  if (text === '') return { ok: true, seed: undefined }
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > SEED_MAX) return { ok: false, error: `Seed must be a whole number from 0 to ${SEED_MAX}, or blank for a random one.` }
  return { ok: true, seed: n }
}

/** "between 8 and 256", "at least 1", for the hint under an input. */
export function rangeText(field: ConfigField): string {
  const { min, max } = field
  if (min !== undefined && max !== undefined) return `${min} – ${max}`
  if (min !== undefined) return `≥ ${min}`
  if (max !== undefined) return `≤ ${max}`
  return ''
}
