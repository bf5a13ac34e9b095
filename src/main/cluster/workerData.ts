/**
 * Which data a worker trains a job on. Data sets travel by content fingerprint, never as files:
 * a built-in is used by id; any other data set must exist on the worker with the same fingerprint,
 * either imported there (`benchtop datasets import`, any id) or as a folder under one of the
 * worker's data roots (`--data-root DIR`) at the path the job names. Otherwise the job is refused
 * with a reason that says what to copy where. A job never makes a worker read outside its data roots.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'
import type { ConfigValue } from '../../shared/api'
import { readdirSync } from 'node:fs'
import type { DatasetInfo } from '../../shared/api'
import { DatasetRegistry, FASHION_MNIST_DIR, FASHION_MNIST_ID, SHAPES_ID } from '../datasets'
import { fashionMnistFiles } from '../datasets/builtins'
import { inspectSource, openSource } from '../datasets/source'
import { JobRefused, type WireDataset } from './wire'

/** Whether `target` is `root` or inside it, after resolving symlinks of both (missing target: false). */
export function isInside(root: string, target: string): boolean {
  let realRoot: string
  let realTarget: string
  try {
    realRoot = realpathSync(root)
    realTarget = realpathSync(target)
  } catch {
    return false
  }
  const rel = path.relative(realRoot, realTarget)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

const looksLikePath = (v: string) => path.isAbsolute(v) || v.includes('/') || v.includes('\\') || v.startsWith('.') || v.startsWith('~')

/** Config values that name files: each must lie inside a data root. */
export function checkConfigPaths(config: Record<string, ConfigValue>, dataRoots: readonly string[]): void {
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !looksLikePath(value)) continue
    if (!path.isAbsolute(value) || !dataRoots.some((root) => isInside(root, value))) {
      throw new JobRefused(`config ${key}=${value} names a path outside this worker's data folders (${dataRoots.join(', ') || 'none given; start the worker with --data-root DIR'})`)
    }
  }
}

/** The data sets imported here (their records hold the fingerprint taken at import; no data is read). */
export async function importedDatasets(registry: DatasetRegistry): Promise<DatasetInfo[]> {
  let names: string[]
  try {
    names = readdirSync(registry.dir).filter((n) => n.endsWith('.json'))
  } catch {
    return []
  }
  const records = await Promise.all(names.map((n) => registry.get(n.slice(0, -'.json'.length))))
  return records.filter((r): r is DatasetInfo => r !== null)
}

/** The data argument of the local training job: a built-in id, an imported id or a path on this machine. */
export async function resolveJobData(data: WireDataset | null, home: string, dataRoots: readonly string[]): Promise<string | null> {
  if (data === null) return null
  const registry = new DatasetRegistry(home)
  if (data.kind === 'builtin') {
    if (data.id !== SHAPES_ID && data.id !== FASHION_MNIST_ID) throw new JobRefused(`unknown built-in data set '${data.id}'`)
    if (data.id === FASHION_MNIST_ID && !(await fashionMnistFiles(FASHION_MNIST_DIR))) {
      throw new JobRefused(`fashion-mnist is not installed on this worker: no IDX files in ${FASHION_MNIST_DIR} (Debian package dataset-fashion-mnist)`)
    }
    return data.id
  }
  const short = data.fingerprint.slice(0, 12)
  const same = (await importedDatasets(registry)).find((d) => d.fingerprint === data.fingerprint)
  if (same) return same.id
  if (data.path && path.isAbsolute(data.path) && dataRoots.some((root) => isInside(root, data.path!))) {
    const summary = await inspectSource(await openSource(data.path))
    if (summary.fingerprint === data.fingerprint) return data.path
    throw new JobRefused(`data set '${data.name}': the copy at ${data.path} on this worker differs (fingerprint ${summary.fingerprint.slice(0, 12)}, the job's is ${short})`)
  }
  const where = data.path
    ? dataRoots.length === 0
      ? `; ${data.path} is not used because the worker has no --data-root`
      : dataRoots.some((root) => isInside(root, path.dirname(data.path!)))
        ? `; nothing at ${data.path}`
        : `; ${data.path} is outside this worker's data folders (${dataRoots.join(', ')})`
    : ''
  throw new JobRefused(
    `data set '${data.name}' (fingerprint ${short}) is not on this worker: import a copy with 'benchtop datasets import' or put it under a --data-root at the same path${where}`,
  )
}
