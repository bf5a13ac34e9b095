/**
 * Checks a study request against its experiment and expands it into runs: every swept value is
 * parsed by its field's type, every combination is resolved as a run's config would be, and an
 * empty or huge sweep is refused before anything is created. Pure: no files, no processes.
 */
import type { ConfigValue, ExperimentInfo, StartStudyRequest, StudyAxis } from '../../shared/api'
import { crossProduct, crossProductSize, MAX_STUDY_RUNS } from '../../shared/study/crossProduct'
import { ConfigError, parseFieldValue, resolveConfig } from '../experiments/config'
import type { ResolvedConfig } from '../experiments/contract'

/** More than this many trainings at once only makes each slower on a desktop. */
export const MAX_PARALLEL = 16

export interface StudyPlan {
  preset: string
  /** The overrides every run shares, as given. */
  set: Record<string, ConfigValue>
  /** The axes with their values parsed by field type. */
  axes: StudyAxis[]
  parallel: number
  /** One per run: the swept values, and the run's full resolved config. */
  runs: Array<{ values: Record<string, ConfigValue>; config: ResolvedConfig }>
}

/** `key=v1,v2` from a command line's `--sweep`. */
export function parseSweep(text: string): StudyAxis {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new ConfigError(`--sweep: expected key=value1,value2, got '${text}'`)
  const key = text.slice(0, eq).trim()
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim())
  if (values.some((v) => v === '')) throw new ConfigError(`--sweep ${key}: a value is empty in '${text.slice(eq + 1)}'`)
  return { key, values }
}

export function planStudy(experiment: ExperimentInfo, request: StartStudyRequest): StudyPlan {
  const set = request.set ?? {}
  if (!Array.isArray(request.sweep) || request.sweep.length === 0) {
    throw new ConfigError('a study needs at least one swept key (--sweep key=value1,value2)')
  }
  const axes: StudyAxis[] = []
  for (const axis of request.sweep) {
    const field = experiment.fields.find((f) => f.key === axis.key)
    if (!field) {
      throw new ConfigError(`--sweep: unknown config key '${axis.key}' for ${experiment.id}; valid keys: ${experiment.fields.map((f) => f.key).join(', ')}`)
    }
    if (axes.some((a) => a.key === axis.key)) throw new ConfigError(`--sweep: ${axis.key} is swept twice; give all its values once: --sweep ${axis.key}=a,b`)
    if (Object.prototype.hasOwnProperty.call(set, axis.key)) {
      throw new ConfigError(`${axis.key} is both set (--set) and swept (--sweep); keep one`)
    }
    if (axis.values.length === 0) throw new ConfigError(`--sweep ${axis.key}: no values given`)
    const values = axis.values.map((v) => {
      try {
        return parseFieldValue(field, v)
      } catch (error) {
        throw new ConfigError(`--sweep ${axis.key}: ${(error as Error).message}`)
      }
    })
    const seen = new Set<string>()
    for (const v of values) {
      if (seen.has(String(v))) throw new ConfigError(`--sweep ${axis.key}: the value ${String(v)} is given twice`)
      seen.add(String(v))
    }
    axes.push({ key: axis.key, values })
  }
  const size = crossProductSize(axes)
  if (size > MAX_STUDY_RUNS) {
    throw new ConfigError(`the sweep makes ${axes.map((a) => a.values.length).join(' x ')} = ${size} runs; a study has at most ${MAX_STUDY_RUNS}`)
  }
  const parallel = request.parallel ?? 1
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
    throw new ConfigError(`--parallel must be a whole number from 1 to ${MAX_PARALLEL}, got ${String(parallel)}`)
  }
  let preset = ''
  const runs = crossProduct(axes).map((values) => {
    const resolved = resolveConfig(experiment, request.preset, { ...set, ...values })
    preset = resolved.preset
    return { values, config: resolved.config }
  })
  return { preset, set, axes, parallel, runs }
}
