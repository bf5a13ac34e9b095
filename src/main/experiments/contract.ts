/**
 * The experiment contract: one object per experiment (`<id>/index.ts` exports `experiment`) that
 * declares everything that is its own (typed config and presets, trainer, bench step, the metrics
 * and outputs it writes, what a finished run can do), while shared code owns everything else
 * (checkpoints, resume, cancel, progress, metric and artifact files). Like Lightning's
 * LightningModule and Trainer, but typed: a missing part is a compile error.
 *
 * The definition is pure data plus lazy loaders, so the core (which starts without TensorFlow.js)
 * can list experiments and a training process imports only the experiment it runs.
 */
import type * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type {
  Capability,
  CheckpointInfo,
  ConfigValue,
  DatasetRef,
  MetricSpec,
  OutputSpec,
  StudyTemplate,
} from '../../shared/api'
import type { HandlerLoader } from '../inference/contract'
import type { TrainJob } from '../training/protocol'

// ---------------------------------------------------------------- config: fields -> type

interface FieldBase {
  key: string
  /** Why the default is what it is: shown next to the field. */
  why: string
}
export interface IntegerField extends FieldBase { type: 'integer'; default: number; min?: number; max?: number }
export interface NumberField extends FieldBase { type: 'number'; default: number; min?: number; max?: number }
export interface BooleanField extends FieldBase { type: 'boolean'; default: boolean }
export interface EnumField extends FieldBase { type: 'enum'; default: string; options: readonly string[] }
export interface StringField extends FieldBase { type: 'string'; default: string }
/** A path to an image; New run shows a drop zone (uploaded with `uploadInputImage`) and the built-in `examples`. */
export interface ImageFileField extends FieldBase { type: 'image-file'; default: string; examples?: readonly string[] }
export type FieldSpec = IntegerField | NumberField | BooleanField | EnumField | StringField | ImageFileField

/** The value type a field holds: an enum's own literals, numbers, booleans or strings. */
export type ValueOf<F extends FieldSpec> = F extends { type: 'integer' | 'number' }
  ? number
  : F extends { type: 'boolean' }
    ? boolean
    : F extends { type: 'enum'; options: readonly (infer O)[] }
      ? O
      : string

/** The config type of a field list declared `as const`: `{ [key]: ValueOf<field> }`. */
export type ConfigOf<Fields extends readonly FieldSpec[]> = {
  -readonly [F in Fields[number] as F['key']]: ValueOf<F>
}

/** A field list whose defaults fit their own types (an enum's default is one of its options). */
export type CheckedFields<Fields extends readonly FieldSpec[]> = {
  [I in keyof Fields]: Fields[I] extends { type: 'enum'; options: readonly (infer O)[] } ? Fields[I] & { default: O } : Fields[I]
}

export interface Preset<C> {
  name: string
  description: string
  values: Partial<C>
}

// ---------------------------------------------------------------- training

/** What a trainer reports; the context turns it into messages, metric files and artifacts. */
export interface ProgressReporter {
  /** Appends one point to metric `name` (declared in the experiment's `metrics`). */
  metric(name: string, step: number, epoch: number, value: number): void
  progress(step: number, epoch: number, totalSteps: number, totalEpochs: number): void
  /** Something the model produced (predictions, samples) to show next to the curves. */
  sample(name: string, step: number, value: unknown): void
  log(line: string): void
}

/** What a checkpoint saves: a model (a LayersModel or plain variables in a fixed order) and its optimisers by name. */
export interface TrainingState {
  model: WeightsHolder
  /** By name; the classifier's and the language model's single one is `optimizer`. */
  optimizers: Record<string, tf.Optimizer>
}

/** Weights by position (layer names carry per-process counters, the build order does not). */
export interface WeightsHolder {
  getWeights(): tf.Tensor[]
  setWeights(weights: tf.Tensor[]): void
}

/** A PNG a trainer writes at a step, shown on the run page's image grid. */
export interface ImageOutput {
  /** The series (`stylised`, `generated`, ...), declared as an `images` output. */
  series: string
  /** PNG bytes. */
  png: Uint8Array
  caption: string
  step: number
  epoch: number
}

/**
 * What shared code gives a trainer: it writes metrics and artifacts, saves and restores
 * checkpoints, says when to stop, and tells the core how far training is.
 */
export interface TrainerContext {
  reporter: ProgressReporter
  /** True once a cancel was asked for; check it between steps. */
  shouldStop(): boolean
  /** The data the run really used (id, fingerprint), for the reproducibility record. */
  dataset(ref: DatasetRef): void
  /** Writes `artifacts/images/<series>-<step>.png` and its line in the images index. */
  image(image: ImageOutput): void
  /** Saves `state` atomically as checkpoint `name` and announces it. */
  saveCheckpoint(name: string, state: TrainingState, at: { step: number; epoch: number }): Promise<CheckpointInfo>
  /** Restores `state` from the checkpoint the run resumes from; null for a fresh run. */
  resume(state: TrainingState): Promise<CheckpointInfo | null>
}

/** Trains one run to its end (or until asked to stop) inside a training process. */
export type Trainer<C> = (job: TrainJob & { config: C }, ctx: TrainerContext) => Promise<'completed' | 'cancelled'>

/**
 * One experiment's training step on a random batch, without files: the model, loss and optimiser
 * its trainer uses, so `benchtop bench step` and the bench scripts time the real step.
 */
export interface BenchStep {
  /** One optimiser step on the same random batch; resolves when its values are read back. */
  step(): Promise<void>
  /** What is being trained, in a few words (model, parameters), for the report. */
  readonly description: string
  dispose(): void
}

export interface BenchStepOptions<C> {
  /** The experiment's resolved config; its `batch` is the batch size. */
  config: C
  /** Seeds the initial weights and the random batch. */
  seed: number
}

export type BenchStepFactory<C> = (options: BenchStepOptions<C>) => BenchStep

// ---------------------------------------------------------------- what a finished run can do

/** Classifying images with a finished run (`classify-images`, `model-view`). */
export interface ClassifierCapability<C> {
  /** The dataset a run trains on when none is given. */
  defaultData: string
  /** Images are resized to size x size. */
  size(config: C): number
  /** How many of the dataset's classes the run uses (its first ones), as the trainer chooses them. */
  classes(config: C, available: number): number
  /** Two classes as one sigmoid output. */
  binary(classes: number): boolean
  /** The untrained network, built as the trainer builds it: [b, size, size, 3] -> [b, classes] or [b, 1]. */
  build(): Promise<(config: C, o: { classes: number; seed: number }) => tfl.LayersModel>
}

/** A letter-level language model (`score-words`, `sample-words`). */
export interface LanguageModelCapability<C> {
  /** Longest word the model was trained on (its sequences are one longer). */
  maxLength(config: C): number
  build(): Promise<(config: C, seed: number) => LetterModelHandle>
}

/** What the lm tools need of a letter model: logits for padded words, its weights, dispose. */
export interface LetterModelHandle extends WeightsHolder {
  /** targets [batch, T] int32 -> logits [batch, T, 27]. */
  logits(targets: tf.Tensor2D): tf.Tensor3D
  countParams(): number
  dispose(): void
}

/** What `benchtop summary EXPERIMENT` prints: the model a config builds, without training. */
export interface ConfigDescription {
  /** For --json (the command adds experiment, preset and config). */
  json: { model: string; params: number; trainableParams: number; outputShape: number[]; [more: string]: unknown }
  /** The readable table, line by line. */
  lines: string[]
}

export interface Capabilities<C> {
  classifier?: ClassifierCapability<C>
  languageModel?: LanguageModelCapability<C>
  /** `describe-config`: the model a config builds, checked against TensorFlow.js's own count. */
  describe?: () => Promise<(config: C) => Promise<ConfigDescription>>
  /**
   * Inference this experiment brings itself, run in the inference process on a finished run:
   * one line per capability, `upscale: async () => (await import('./upscale')).upscale`, where the
   * handler is `(input: { runDir } & its own input, ctx: InferenceContext) => Promise<output>`
   * (src/main/inference/contract.ts). The core calls it with `runInference(runId, capability, input)`.
   */
  handlers?: Partial<Record<Capability, HandlerLoader>>
  /**
   * Capabilities whose inference has no shared implementation yet (`stylise`, `upscale`,
   * `detect`): declared here so the front ends can offer them; the experiment brings the code.
   */
  declared?: readonly Capability[]
}

// ---------------------------------------------------------------- the experiment

export interface Experiment<Fields extends readonly FieldSpec[]> {
  id: string
  title: string
  description: string
  /** One line for the New run Data card: what the run trains on when no dataset is chosen. */
  dataDescription: string
  /** Kinds of dataset the experiment accepts (`image-classification`, `words`). */
  datasetKinds: readonly string[]
  /** Kernels a backend needs to train it. */
  requiredKernels: readonly string[]
  fields: Fields
  presets: ReadonlyArray<Preset<ConfigOf<Fields>>>
  defaultPreset: string
  metrics: readonly MetricSpec[]
  /** Names from `metrics`, most telling first (validation first; perplexity for a language model). */
  headline: readonly string[]
  outputs: readonly OutputSpec[]
  capabilities: Capabilities<ConfigOf<Fields>>
  studies?: readonly StudyTemplate[]
  /** Loaded lazily: a training process imports only the experiment it runs. */
  trainer(): Promise<Trainer<ConfigOf<Fields>>>
  benchStep(): Promise<BenchStepFactory<ConfigOf<Fields>>>
}

/**
 * Declares an experiment. `const` keeps the field list's literal types, so the config type is
 * derived from it (`ConfigOf<typeof fields>`) and presets, trainer and bench step are checked
 * against that type.
 */
export function defineExperiment<const Fields extends readonly FieldSpec[]>(
  experiment: Experiment<Fields> & { fields: CheckedFields<Fields> },
): Experiment<Fields> {
  return experiment
}

/** Any experiment, as the registry holds them (the config type is each experiment's own). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExperiment = Experiment<any>

/** A resolved config as it travels (params.json, IPC): values by key. */
export type ResolvedConfig = Record<string, ConfigValue>

/** The capability names a definition implies, for the front ends. */
export function capabilityNames<C>(capabilities: Capabilities<C>): Capability[] {
  const names: Capability[] = []
  if (capabilities.classifier) names.push('classify-images', 'model-view')
  if (capabilities.languageModel) names.push('score-words', 'sample-words')
  if (capabilities.describe) names.push('describe-config')
  for (const name of [...Object.keys(capabilities.handlers ?? {}), ...(capabilities.declared ?? [])] as Capability[]) if (!names.includes(name)) names.push(name)
  return names
}
