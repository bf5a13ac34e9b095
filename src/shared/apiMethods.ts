/**
 * The methods of the API contract that cross a process boundary, with a check of their arguments.
 * Main (IPC) and the web server validate every call with `checkCall` before the core sees it;
 * the renderer-side clients use `API_METHOD_NAMES` to build their proxies.
 */
import type { BenchtopApi } from './api'
import { checkLmSampleRequest, checkLmWords } from './lm/api'
import { checkSettingsPatch } from './settings'

export type ApiMethod = Exclude<keyof BenchtopApi, 'subscribe'>

type ArgKind = 'id' | 'name' | 'path' | 'text' | 'boolean' | 'count' | 'listOptions' | 'startRequest' | 'detectImage' | 'detectImages' | 'studyRequest' | 'lmWords' | 'lmSampleRequest' | 'settingsPatch' | 'styliseRequest'

interface ArgSpec {
  kind: ArgKind
  optional?: boolean
}

const req = (kind: ArgKind): ArgSpec => ({ kind })
const opt = (kind: ArgKind): ArgSpec => ({ kind, optional: true })

export const API_METHODS: Record<ApiMethod, ArgSpec[]> = {
  listExperiments: [],
  engineReport: [opt('boolean')],
  listDatasets: [],
  importDataset: [req('path'), opt('text')],
  datasetPreview: [req('id'), opt('count')],
  listRuns: [opt('listOptions')],
  getRun: [req('id')],
  readMetric: [req('id'), req('name')],
  readRunLog: [req('id')],
  readSamples: [req('id'), req('name')],
  listRunImages: [req('id')],
  readRunImage: [req('id'), req('name')],
  startRun: [req('startRequest')],
  cancelRun: [req('id')],
  resumeRun: [req('id'), opt('name')],
  deleteRun: [req('id')],
  restoreRun: [req('id')],
  runDiskUsage: [req('id')],
  trashUsage: [],
  emptyTrash: [],
  detectCandidates: [req('detectImage'), opt('id')],
  findFaces: [req('detectImage'), opt('id'), opt('name')],
  uploadInputImage: [req('detectImage')],
  styliseImage: [req('id'), req('styliseRequest')],
  lmScore: [req('id'), req('lmWords'), opt('name')],
  lmSample: [req('id'), req('lmSampleRequest')],
  predictImages: [req('id'), req('detectImages'), opt('name')],
  upscaleImage: [req('id'), req('detectImage'), opt('name')],
  modelSummary: [req('id')],
  startStudy: [req('studyRequest')],
  listStudies: [],
  getStudy: [req('id')],
  cancelStudy: [req('id')],
  getSettings: [],
  updateSettings: [req('settingsPatch')],
}

export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethod[]

/** Run ids, dataset ids, experiment ids, metric names: no path separators, no leading dot. */
const ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/

/** Whether `value` is a run id (or another id) as the API takes it. */
export function isApiId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}

function checkStartRequest(value: unknown, extraFields: string[] = []): string | null {
  if (!isPlainObject(value)) return 'must be an object'
  const allowed = ['experiment', 'preset', 'set', 'data', 'seed', 'backend', 'name', ...extraFields]
  const extra = Object.keys(value).filter((k) => !allowed.includes(k))
  if (extra.length) return `has unknown field(s) ${extra.join(', ')}`
  if (typeof value.experiment !== 'string' || !ID.test(value.experiment)) return 'experiment must be an experiment id'
  for (const key of ['preset', 'backend'] as const) {
    if (value[key] !== undefined && (typeof value[key] !== 'string' || !ID.test(value[key] as string))) return `${key} must be a name`
  }
  if (value.name !== undefined && (typeof value.name !== 'string' || value.name.length > 200)) return 'name must be text of at most 200 characters'
  if (value.data !== undefined && (typeof value.data !== 'string' || value.data.length > 4096 || value.data.includes('\0'))) return 'data must be a dataset id or a path'
  if (value.seed !== undefined && !(Number.isInteger(value.seed) && (value.seed as number) >= 0 && (value.seed as number) < 2 ** 32)) return 'seed must be a whole number from 0 to 2^32-1'
  if (value.set !== undefined) {
    if (!isPlainObject(value.set)) return 'set must be an object of config values'
    for (const [k, v] of Object.entries(value.set)) {
      if (!ID.test(k)) return `set has an invalid key '${k}'`
      if (!['string', 'number', 'boolean'].includes(typeof v)) return `set.${k} must be a number, text or true/false`
    }
  }
  return null
}

/** A fork's `from`: { runId, checkpoint? } (a run id or name, a checkpoint name or epoch number). */
function checkFrom(value: unknown): string | null {
  if (value === undefined) return null
  if (!isPlainObject(value) || Object.keys(value).some((k) => k !== 'runId' && k !== 'checkpoint')) return 'from must be { runId, checkpoint }'
  if (typeof value.runId !== 'string' || value.runId.length === 0 || value.runId.length > 200 || value.runId.includes('\0')) return 'from.runId must be a run id or name'
  if (value.checkpoint !== undefined && (typeof value.checkpoint !== 'string' || !ID.test(value.checkpoint))) return 'from.checkpoint must be a checkpoint name'
  return null
}

/** A study request: a run request plus `sweep` (at most 16 axes of at most 64 values) and `parallel`. */
function checkStudyRequest(value: unknown): string | null {
  const base = checkStartRequest(value, ['sweep', 'parallel'])
  if (base) return base
  const v = value as Record<string, unknown>
  if (!Array.isArray(v.sweep) || v.sweep.length === 0 || v.sweep.length > 16) return 'sweep must be a list of 1 to 16 { key, values }'
  for (const axis of v.sweep) {
    if (!isPlainObject(axis) || Object.keys(axis).some((k) => k !== 'key' && k !== 'values')) return 'each sweep entry must be { key, values }'
    if (typeof axis.key !== 'string' || !ID.test(axis.key)) return 'a sweep key must be a config key'
    if (!Array.isArray(axis.values) || axis.values.length === 0 || axis.values.length > 64) return `sweep ${axis.key} must have 1 to 64 values`
    if (!axis.values.every((x) => ['string', 'number', 'boolean'].includes(typeof x) && String(x).length <= 200)) return `sweep ${axis.key} values must be numbers, text or true/false`
  }
  if (v.parallel !== undefined && !(Number.isInteger(v.parallel) && (v.parallel as number) >= 1 && (v.parallel as number) <= 64)) return 'parallel must be a whole number from 1 to 64'
  return null
}

/** The largest image `detectCandidates` takes, as base64 characters (48 MiB). */
export const MAX_DETECT_BASE64 = 48 * 1024 * 1024

function checkDetectImage(value: unknown): string | null {
  if (!isPlainObject(value)) return 'must be { name, dataBase64 }'
  const extra = Object.keys(value).filter((k) => k !== 'name' && k !== 'dataBase64')
  if (extra.length) return `has unknown field(s) ${extra.join(', ')}`
  if (typeof value.name !== 'string' || value.name.length === 0 || value.name.length > 200) return 'name must be text of 1 to 200 characters'
  if (typeof value.dataBase64 !== 'string') return 'dataBase64 must be a base64 string'
  if (value.dataBase64.length > MAX_DETECT_BASE64) return `dataBase64 is larger than ${MAX_DETECT_BASE64 / 1024 / 1024} MiB`
  return null
}

/** Images one `predictImages` call takes: the renderer sends one per call, the command line reads files itself. */
export const MAX_PREDICT_IMAGES = 64

/** 1 to MAX_PREDICT_IMAGES images, together no larger than one detect image (the web body limit). */
function checkDetectImages(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PREDICT_IMAGES) return `must be a list of 1 to ${MAX_PREDICT_IMAGES} images { name, dataBase64 }`
  let total = 0
  for (const [i, image] of value.entries()) {
    const problem = checkDetectImage(image)
    if (problem) return `image ${i + 1} ${problem}`
    total += (image as { dataBase64: string }).dataBase64.length
  }
  return total > MAX_DETECT_BASE64 ? `images are larger than ${MAX_DETECT_BASE64 / 1024 / 1024} MiB together` : null
}

function checkArg(spec: ArgSpec, value: unknown): string | null {
  if (value === undefined) return spec.optional ? null : 'is required'
  switch (spec.kind) {
    case 'id':
    case 'name':
      return typeof value === 'string' && ID.test(value) ? null : 'must be an id (letters, digits, _ . -)'
    case 'path':
      return typeof value === 'string' && value.length > 0 && value.length <= 4096 && !value.includes('\0') ? null : 'must be a file path'
    case 'text':
      return typeof value === 'string' && value.length <= 200 ? null : 'must be text of at most 200 characters'
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'count':
      return Number.isInteger(value) && (value as number) > 0 && (value as number) <= 64 ? null : 'must be a whole number from 1 to 64'
    case 'listOptions':
      return isPlainObject(value) && Object.keys(value).every((k) => k === 'includeTrash') && (value.includeTrash === undefined || typeof value.includeTrash === 'boolean')
        ? null
        : 'must be { includeTrash?: boolean }'
    case 'startRequest':
      return checkStartRequest(value, ['from']) ?? checkFrom((value as Record<string, unknown>).from)
    case 'detectImage':
      return checkDetectImage(value)
    case 'lmWords':
      return checkLmWords(value)
    case 'lmSampleRequest':
      return checkLmSampleRequest(value)
    case 'detectImages':
      return checkDetectImages(value)
    case 'studyRequest':
      return checkStudyRequest(value)
    case 'settingsPatch':
      return checkSettingsPatch(value)
    case 'styliseRequest':
      return checkStyliseRequest(value)
  }
}

/** `{ content, steps? }`: content a path or example name of 1 to 4096 characters, steps 1 to 1000. */
function checkStyliseRequest(value: unknown): string | null {
  if (!isPlainObject(value)) return 'must be { content, steps? }'
  const extra = Object.keys(value).filter((k) => k !== 'content' && k !== 'steps')
  if (extra.length) return `has unknown field(s) ${extra.join(', ')}`
  if (typeof value.content !== 'string' || value.content.length === 0 || value.content.length > 4096) return 'content must be a path of 1 to 4096 characters'
  if (value.steps !== undefined && !(Number.isInteger(value.steps) && (value.steps as number) >= 1 && (value.steps as number) <= 1000)) return 'steps must be a whole number from 1 to 1000'
  return null
}

export class InvalidCallError extends Error {}

/** Throws InvalidCallError unless `method` is an API method and `args` fit it. */
export function checkCall(method: unknown, args: unknown): asserts method is ApiMethod {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(API_METHODS, method)) {
    throw new InvalidCallError(`unknown method ${JSON.stringify(method)}`)
  }
  if (!Array.isArray(args)) throw new InvalidCallError(`${method}: arguments must be an array`)
  const specs = API_METHODS[method as ApiMethod]
  if (args.length > specs.length) throw new InvalidCallError(`${method}: takes at most ${specs.length} argument(s), got ${args.length}`)
  specs.forEach((spec, i) => {
    const problem = checkArg(spec, args[i])
    if (problem) throw new InvalidCallError(`${method}: argument ${i + 1} ${problem}`)
  })
}
