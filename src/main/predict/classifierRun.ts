/**
 * What a trained image classifier is, read from its run folder without TensorFlow.js: experiment,
 * config, input size, class names in output order, and how training prepared its images.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { RunMeta } from '../../shared/api'
import { CLASSIFIER_EXPERIMENTS } from '../../shared/prediction'
import { readSampleFile } from '../core/samples'
import { DatasetRegistry, FASHION_MNIST_ID, SHAPE_NAMES, SHAPES_ID } from '../datasets'

export interface ClassifierRun {
  runId: string
  experiment: string
  dir: string
  seed: number
  config: Record<string, unknown>
  /** Training resized every image to size x size. */
  size: number
  /** Output order: index i of the softmax (or, for two classes, 0 = sigmoid low, 1 = high). */
  classes: string[]
  /** Two classes: one sigmoid output (ResNet's binary head). */
  binary: boolean
  /** The training images were grey (IDX data such as Fashion-MNIST): R = G = B. */
  grey: boolean
}

export class NotAClassifierError extends Error {}

function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) throw new Error(`${path.dirname(file)} is not a run folder: it has no ${what}`)
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** The class names the last validation used (its confusion matrix records them), if any. */
function classesFromSamples(runDir: string): string[] | null {
  const last = readSampleFile(path.join(runDir, 'artifacts'), 'confusion').at(-1)
  const names = (last?.value as { classNames?: unknown } | undefined)?.classNames
  return Array.isArray(names) && names.length >= 2 && names.every((n) => typeof n === 'string') ? (names as string[]) : null
}

/** Before the first validation: the class names from the dataset, as the trainers choose them. */
async function classesFromDataset(experiment: string, config: Record<string, unknown>, dataId: string, home: string | undefined): Promise<string[] | null> {
  if (dataId === SHAPES_ID) return SHAPE_NAMES.slice(0, Number(config.classes))
  if (!home) return null
  const info = (await new DatasetRegistry(home).list()).find((d) => d.id === dataId)
  if (!info || info.problem !== undefined) return null
  const k = experiment === 'resnet' && Number(config.classes) > 0 ? Number(config.classes) : info.classes.length
  return info.classes.slice(0, k)
}

async function isGreyDataset(dataId: string, home: string | undefined): Promise<boolean> {
  if (dataId === FASHION_MNIST_ID) return true
  if (!home) return false
  return (await new DatasetRegistry(home).get(dataId))?.format === 'idx'
}

/**
 * Reads `runDir`'s meta.json and params.json. `home` lets the class names of a run that has not
 * validated yet come from its dataset. Throws NotAClassifierError for other experiments.
 */
export async function readClassifierRun(runDir: string, home?: string): Promise<ClassifierRun> {
  const meta = readJson<RunMeta>(path.join(runDir, 'meta.json'), 'meta.json')
  if (!CLASSIFIER_EXPERIMENTS.includes(meta.experiment)) {
    throw new NotAClassifierError(
      `run ${meta.id} is a ${meta.experiment} run, not an image classifier; only ${CLASSIFIER_EXPERIMENTS.join(' and ')} runs classify images`,
    )
  }
  const params = readJson<{ config: Record<string, unknown>; seed: number; data: string | null }>(path.join(runDir, 'params.json'), 'params.json')
  const config = params.config
  const defaultData = meta.experiment === 'resnet' ? FASHION_MNIST_ID : SHAPES_ID
  const dataId = meta.dataset?.id ?? params.data ?? defaultData
  const classes = classesFromSamples(runDir) ?? (await classesFromDataset(meta.experiment, config, dataId, home))
  if (!classes) throw new Error(`run ${meta.id}: its class names are not known yet (no validation has run and dataset ${dataId} is not registered)`)
  return {
    runId: meta.id,
    experiment: meta.experiment,
    dir: runDir,
    seed: params.seed,
    config,
    size: Number(config.size),
    classes,
    binary: meta.experiment === 'resnet' && classes.length === 2,
    grey: await isGreyDataset(dataId, home),
  }
}
