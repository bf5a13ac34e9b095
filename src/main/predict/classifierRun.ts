/**
 * What a trained image classifier is, read through the run store without TensorFlow.js:
 * experiment, config, input size, class names in output order, and how training prepared its
 * images. What differs between classifier experiments comes from their `classifier` capability.
 */
import type { AnyExperiment, ClassifierCapability, ResolvedConfig } from '../experiments/contract'
import { EXPERIMENTS, findExperiment } from '../experiments/registry'
import { DatasetRegistry, FASHION_MNIST_ID, SHAPE_NAMES, SHAPES_ID } from '../datasets'
import { RunStore } from '../store'

export interface ClassifierRun {
  runId: string
  experiment: string
  dir: string
  seed: number
  config: ResolvedConfig
  /** Training resized every image to size x size. */
  size: number
  /** Output order: index i of the softmax (or, for two classes, 0 = sigmoid low, 1 = high). */
  classes: string[]
  /** Two classes: one sigmoid output (ResNet's binary head). */
  binary: boolean
  /** The training images were grey (IDX data such as Fashion-MNIST): R = G = B. */
  grey: boolean
  capability: ClassifierCapability<ResolvedConfig>
}

export class NotAClassifierError extends Error {}

/** The class names the last validation used (its confusion matrix records them), if any. */
function classesFromSamples(store: RunStore, id: string): string[] | null {
  const last = store.readSamples(id, 'confusion').at(-1)
  const names = (last?.value as { classNames?: unknown } | undefined)?.classNames
  return Array.isArray(names) && names.length >= 2 && names.every((n) => typeof n === 'string') ? (names as string[]) : null
}

/** Before the first validation: the class names from the dataset, as the trainer chooses them. */
async function classesFromDataset(capability: ClassifierCapability<ResolvedConfig>, config: ResolvedConfig, dataId: string, home: string | undefined): Promise<string[] | null> {
  if (dataId === SHAPES_ID) return SHAPE_NAMES.slice(0, Number(config.classes))
  if (!home) return null
  const info = (await new DatasetRegistry(home).list()).find((d) => d.id === dataId)
  if (!info) return null
  return info.classes.slice(0, capability.classes(config, info.classes.length))
}

async function isGreyDataset(dataId: string, home: string | undefined): Promise<boolean> {
  if (dataId === FASHION_MNIST_ID) return true
  if (!home) return false
  return (await new DatasetRegistry(home).get(dataId))?.format === 'idx'
}

/** The experiment's classifier capability, or NotAClassifierError naming the ones that have it. */
export function classifierOf(experimentId: string, runId: string): { experiment: AnyExperiment; capability: ClassifierCapability<ResolvedConfig> } {
  const experiment = findExperiment(experimentId)
  const capability = experiment.capabilities.classifier as ClassifierCapability<ResolvedConfig> | undefined
  if (!capability) {
    const names = EXPERIMENTS.filter((e) => e.capabilities.classifier).map((e) => e.id)
    throw new NotAClassifierError(`run ${runId} is a ${experimentId} run, not an image classifier; only ${names.join(' and ')} runs classify images`)
  }
  return { experiment, capability }
}

/**
 * Reads the run (`<home>/runs/<id>`) through the store. `home` lets the class names of a run that
 * has not validated yet come from its dataset. Throws NotAClassifierError for other experiments.
 */
export async function readClassifierRun(runDir: string, home?: string): Promise<ClassifierRun> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const meta = store.readMeta(id)
  const { capability } = classifierOf(meta.experiment, meta.id)
  const params = store.readParams(id) as { config: ResolvedConfig; seed: number; data: string | null }
  const config = params.config
  const dataId = meta.dataset?.id ?? params.data ?? capability.defaultData
  const classes = classesFromSamples(store, id) ?? (await classesFromDataset(capability, config, dataId, home))
  if (!classes) throw new Error(`run ${meta.id}: its class names are not known yet (no validation has run and dataset ${dataId} is not registered)`)
  return {
    runId: meta.id,
    experiment: meta.experiment,
    dir: store.runDir(id),
    seed: params.seed,
    config,
    size: capability.size(config),
    classes,
    binary: capability.binary(classes.length),
    grey: await isGreyDataset(dataId, home),
    capability,
  }
}
