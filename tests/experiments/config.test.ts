import { describe, expect, it } from 'vitest'
import { findExperimentInfo as findExperiment, listExperimentInfo } from '../../src/main/experiments/registry'
import { ConfigError, parseAssignments, resolveConfig } from '../../src/main/experiments/config'

const shapes = findExperiment('shapes-cnn')

describe('experiment config', () => {
  it('applies defaults, then the preset, then overrides', () => {
    const { preset, config } = resolveConfig(shapes, 'quick', { epochs: '5', lr: 0.02 })
    expect(preset).toBe('quick')
    expect(config.size).toBe(16)
    expect(config.epochs).toBe(5)
    expect(config.lr).toBe(0.02)
    expect(config.batch).toBe(16)
    expect(resolveConfig(shapes, 'default').config.batch).toBe(32)
  })

  it('uses the default preset when none is named', () => {
    expect(resolveConfig(shapes, undefined).preset).toBe(shapes.defaultPreset)
  })

  it('lists valid presets and keys in its errors', () => {
    expect(() => resolveConfig(shapes, 'huge')).toThrow(/valid presets: quick, default/)
    expect(() => resolveConfig(shapes, 'quick', { colour: 'red' })).toThrow(/valid keys: size, classes/)
    expect(() => findExperiment('nope')).toThrow(/valid experiments: shapes-cnn/)
  })

  it('validates values by field type and range', () => {
    expect(() => resolveConfig(shapes, 'quick', { epochs: '2.5' })).toThrow(ConfigError)
    expect(() => resolveConfig(shapes, 'quick', { epochs: 'many' })).toThrow(/must be a number/)
    expect(() => resolveConfig(shapes, 'quick', { size: 4 })).toThrow(/at least 8/)
  })

  it('parses key=value pairs', () => {
    expect(parseAssignments(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' })
    expect(() => parseAssignments(['novalue'])).toThrow(/key=value/)
  })

  it('gives every field and preset value a reason and a valid default', () => {
    for (const experiment of listExperimentInfo()) {
      for (const field of experiment.fields) expect(field.why.length, field.key).toBeGreaterThan(10)
      for (const preset of experiment.presets) expect(() => resolveConfig(experiment, preset.name)).not.toThrow()
    }
  })
})
