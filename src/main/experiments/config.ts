import type { ConfigField, ConfigValue, ExperimentInfo } from '../../shared/api'
import type { ResolvedConfig } from './contract'

export class ConfigError extends Error {}

/** Parses a value given as text (a command line's `--set key=value`) by the field's type. */
export function parseFieldValue(field: ConfigField, raw: ConfigValue): ConfigValue {
  const text = String(raw).trim()
  switch (field.type) {
    case 'integer':
    case 'number': {
      const value = typeof raw === 'number' ? raw : Number(text)
      if (text === '' || !Number.isFinite(value)) throw new ConfigError(`${field.key} must be a number, got '${text}'`)
      if (field.type === 'integer' && !Number.isInteger(value)) throw new ConfigError(`${field.key} must be a whole number, got '${text}'`)
      if (field.min !== undefined && value < field.min) throw new ConfigError(`${field.key} must be at least ${field.min}, got ${value}`)
      if (field.max !== undefined && value > field.max) throw new ConfigError(`${field.key} must be at most ${field.max}, got ${value}`)
      return value
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw
      if (/^(true|1|yes|on)$/i.test(text)) return true
      if (/^(false|0|no|off)$/i.test(text)) return false
      throw new ConfigError(`${field.key} must be true or false, got '${text}'`)
    }
    case 'enum': {
      const options = field.options ?? []
      if (!options.includes(text)) throw new ConfigError(`${field.key} must be one of ${options.join(', ')}, got '${text}'`)
      return text
    }
    case 'string':
      return text
    case 'image-file':
      if (text === '') throw new ConfigError(`${field.key} must be an image file's path${field.examples?.length ? ` or one of ${field.examples.join(', ')}` : ''}`)
      return text
  }
}

/** The experiment's defaults, then the preset's values, then the caller's overrides; all validated. */
export function resolveConfig(
  experiment: ExperimentInfo,
  presetName: string | undefined,
  overrides: Record<string, ConfigValue> = {},
): { preset: string; config: ResolvedConfig } {
  const preset = presetName ?? experiment.defaultPreset
  const presetInfo = experiment.presets.find((p) => p.name === preset)
  if (!presetInfo) {
    throw new ConfigError(
      `unknown preset '${preset}' for ${experiment.id}; valid presets: ${experiment.presets.map((p) => p.name).join(', ')}`,
    )
  }
  const config: ResolvedConfig = {}
  for (const field of experiment.fields) config[field.key] = field.default
  const apply = (values: Record<string, ConfigValue>) => {
    for (const [key, raw] of Object.entries(values)) {
      const field = experiment.fields.find((f) => f.key === key)
      if (!field) {
        throw new ConfigError(
          `unknown config key '${key}' for ${experiment.id}; valid keys: ${experiment.fields.map((f) => f.key).join(', ')}`,
        )
      }
      config[key] = parseFieldValue(field, raw)
    }
  }
  apply(presetInfo.values)
  apply(overrides)
  return { preset, config }
}

/** Parses `key=value` pairs from a command line. */
export function parseAssignments(pairs: string[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new ConfigError(`expected key=value, got '${pair}'`)
    result[pair.slice(0, eq).trim()] = pair.slice(eq + 1)
  }
  return result
}
