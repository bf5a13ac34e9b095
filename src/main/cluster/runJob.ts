/**
 * The queue job of a run, from its params.json and meta.json: what a worker needs, and nothing
 * else. A data set travels as a built-in id or a fingerprint the worker finds its own copy by.
 */
import path from 'node:path'
import type { DatasetRegistry } from '../datasets'
import { SHAPES_ID, FASHION_MNIST_ID } from '../datasets'
import { inspectSource, openSource } from '../datasets/source'
import type { RunStore } from '../store'
import { WIRE_VERSION, type RunJobData, type WireDataset } from './wire'

export async function runJobFor(store: RunStore, datasets: DatasetRegistry, runId: string): Promise<RunJobData> {
  const meta = store.readMeta(runId)
  const params = store.readParams(runId) as { config: RunJobData['config']; seed: number; data: string | null; backend: RunJobData['backend'] }
  return {
    v: WIRE_VERSION,
    runId,
    name: meta.name,
    study: meta.study ?? null,
    experiment: meta.experiment,
    preset: meta.preset,
    config: params.config,
    seed: params.seed,
    backend: params.backend,
    data: await wireDataset(datasets, params.data),
  }
}

async function wireDataset(datasets: DatasetRegistry, data: string | null): Promise<WireDataset | null> {
  if (data === null) return null
  if (data === SHAPES_ID || data === FASHION_MNIST_ID) return { kind: 'builtin', id: data }
  const known = await datasets.get(data)
  if (known) return { kind: 'fingerprint', fingerprint: known.fingerprint, id: known.id, path: known.source, name: known.name }
  const summary = await inspectSource(await openSource(data))
  return { kind: 'fingerprint', fingerprint: summary.fingerprint, id: null, path: data, name: path.basename(data) }
}
