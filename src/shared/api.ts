/**
 * The one API contract between Benchtop's core and every front end (command line, Electron IPC,
 * HTTP/WebSocket). Implemented once by `BenchtopCore` in src/main/core; the transports only carry it.
 * Everything here is plain JSON: no class instances, no functions except the listener.
 */

import type { LmSampleRequest, LmSampleResult, LmScoreResult } from './lm/api'
import type { ModelSummary, PredictionResult } from './prediction'
import type { SettingsPatch, SettingsView } from './settings'

/**
 * `unreadable` is never stored: it is how a run folder is listed whose meta.json or params.json
 * is missing, invalid or unknown to this version (`RunSummary.problem` says which and why).
 */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'unreadable'

/** The statuses a meta.json may hold. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
]

/** Backends in the order the engine tries them. */
export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'native' | 'wasm' | 'cpu'

/** The order the engine tries backends in (webgpu only ever selected on a hardware adapter). */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'native', 'wasm', 'cpu']

export interface HostInfo {
  platform: string
  arch: string
  cpu: string
  cores: number
  memoryGiB: number
  gpu: string | null
  node: string
  hostname: string
}

export interface DatasetRef {
  /** Dataset id: a built-in name (e.g. `shapes`) or an imported dataset's id. */
  id: string
  /** Content fingerprint (sha256, hex) of exactly the data the run used. */
  fingerprint: string
  /** Where it came from: a folder or file path for imported data, the generator settings otherwise. */
  source: string
}

/** `meta.json` of a run folder. Replaced atomically on every change. */
export interface RunMeta {
  id: string
  name: string
  experiment: string
  preset: string
  status: RunStatus
  /** ISO-8601 times. */
  createdAt: string
  startedAt: string | null
  endedAt: string | null
  /** Message of the failure, for status `failed` (and the reason for `interrupted`). */
  error: string | null
  seed: number
  /** Backend the training actually used, once known. */
  backend: BackendName | null
  /** Library versions the run used (tfjs-core, tfjs-layers, node, benchtop, ...). */
  versions: Record<string, string>
  host: HostInfo | null
  dataset: DatasetRef | null
  /** Progress as last reported. */
  step: number
  epoch: number
  totalSteps: number | null
  totalEpochs: number | null
  /** Process that owns the run while it is queued or running (the core), and the training child. */
  ownerPid: number | null
  workerPid: number | null
  /** Relative path of the newest checkpoint folder (under `checkpoints/`), if any. */
  lastCheckpoint: string | null
  /** How many times the run was resumed. */
  resumes: number
  /** A run forked from another run's checkpoint records it here. */
  parent: RunParent | null
  /** The study (a sweep of config values) this run belongs to, if any; absent in older folders. */
  study?: string | null
  /** Set when the run trains on a queue worker (another process or machine) instead of here. */
  remote?: RemoteRunInfo | null
}

/**
 * The run and checkpoint a forked run began from: it started with that checkpoint's weights and
 * optimiser state, and its steps continue from `step` (the parent's step at the fork).
 */
export interface RunParent {
  runId: string
  checkpoint: string
  step: number
  epoch: number
}

/** Where a queued-remote run trains, and how far its coordinator has read its events. */
export interface RemoteRunInfo {
  /** The queue, as `redis://host:port` without credentials. */
  queue: string
  /** The worker's name (`benchtop worker --name`), once one has taken the run; `host` has its machine. */
  worker: string | null
  /** Id of the last event of the run's stream that this store has applied. */
  cursor: string
  /** Token of the worker attempt whose events count (a worker that lost its job keeps its own, ignored). */
  attempt: string | null
  /** The process following the run's events (the coordinator), while one does. */
  coordinator: { pid: number; hostname: string } | null
  /** How many times a worker started (or resumed) the run. */
  attempts: number
}

/** One line of `metrics/<name>.jsonl`. */
export interface MetricPoint {
  step: number
  epoch: number
  /** Wall-clock time, ms since the Unix epoch. */
  time: number
  value: number
}

export interface RunSummary extends RunMeta {
  /** Latest value of every metric. */
  latest: Record<string, number>
  /** Folder of the run on disk. Left out of web replies (a browser has no use for server paths). */
  dir?: string
  /** What could not be read for this summary (a damaged or oversized metric file), one line each. */
  problems?: string[]
  /** For status `unreadable`: the file and what is wrong with it. Absent otherwise. */
  problem?: string
}

export interface CheckpointInfo {
  name: string
  step: number
  epoch: number
  time: number
  /**
   * The model's weights without the optimiser's state: older checkpoints drop it to save disk
   * (a run keeps it in its newest two). Resuming or forking from one starts the optimiser afresh.
   */
  weightsOnly?: boolean
}

export interface RunDetail extends RunSummary {
  params: Record<string, unknown>
  metricNames: string[]
  checkpoints: CheckpointInfo[]
  artifacts: string[]
}

export type ConfigValue = number | string | boolean

export interface ConfigField {
  key: string
  /** `image-file`: a path to an image (New run offers a drop zone that uploads it) or a built-in `example:<name>`. */
  type: 'integer' | 'number' | 'boolean' | 'enum' | 'string' | 'image-file'
  default: ConfigValue
  /** Why the default is what it is: shown as the hint next to the field. */
  why: string
  min?: number
  max?: number
  options?: readonly string[]
  /** `image-file`: the built-in images it also takes (`example:landscape`, ...). */
  examples?: readonly string[]
  /** Changing it changes the shapes of the saved weights or optimiser state: a fork keeps the parent's value. */
  shape?: boolean
}

/** An image uploaded for an `image-file` field, as stored under `<home>/inputs/`. */
export interface InputImage {
  /** Where it is stored: the value to give the field. */
  path: string
  /** The file's name as picked or dropped. */
  name: string
  width: number
  height: number
  format: string
  bytes: number
}

/** `styliseImage`: the new content image (a path from uploadInputImage, or a built-in example) and the optimiser steps (default the run's). */
export interface StyliseRequest {
  content: string
  steps?: number
}

/** A restyled image: PNG bytes as base64. */
export interface StyliseResult {
  runId: string
  /** The result, PNG, content's aspect ratio at the run's size. */
  pngBase64: string
  steps: number
  loss: number
  backend: string
}

/** The largest image an `image-file` field takes, in pixels (a large camera photo passes, a decompression bomb does not). */
export const MAX_INPUT_IMAGE_PIXELS = 50_000_000

export interface PresetInfo {
  name: string
  description: string
  values: Record<string, ConfigValue>
}

/** How often a metric gets a point: every optimiser step, or once per epoch (validation, epoch means). */
export type MetricCadence = 'step' | 'epoch'

/** What an experiment declares about one metric it writes (`metrics/<name>.jsonl`). */
export interface MetricSpec {
  name: string
  /** Words for a person: "validation accuracy". */
  label: string
  cadence: MetricCadence
  /** Which way is better, for sorting and "best" values. */
  direction: 'higher' | 'lower'
  /** Shown after the value: '' for a plain ratio or count, 'nats', 'nats per word', ... */
  unit: string
}

/**
 * Kinds of output a run writes besides its scalars: samples (`artifacts/samples/<name>.jsonl`) and
 * images (`artifacts/images/`, see ImageRecord). The run page picks its panels by these kinds.
 */
export type OutputKind =
  | 'scalars'
  | 'confusion-matrix'
  | 'predictions'
  | 'words'
  | 'images'
  | 'boxes'
  /** A 2-D projection of embeddings coloured by class: `{ classNames, points: [x, y, class][] }`. */
  | 'embeddings'
  /** An ROC curve: `{ fpr: number[], tpr: number[], auc, threshold? }` (threshold: the best one). */
  | 'roc-curve'
  /** Histograms of one quantity for two or more groups: `{ edges: number[], series: { label, counts }[], marker? }`. */
  | 'histograms'
  | 'model'
  /** Precision-recall curves per class (a detector's). */
  | 'pr-curves'

export interface OutputSpec {
  kind: OutputKind
  /** The sample or image-series name the trainer writes (`confusion`, `words`, ...); the kind for scalars. */
  name: string
  description: string
}

/**
 * What a finished run of the experiment can do. The app and the command line choose their panels
 * and commands by these, never by the experiment's id.
 */
export type Capability =
  | 'classify-images'
  | 'model-view'
  | 'describe-config'
  | 'score-words'
  | 'sample-words'
  | 'stylise'
  | 'upscale'
  | 'detect'
  /** Images to vectors: any two images compared by the distance of their embeddings (the Faces page, `benchtop faces --model`). */
  | 'embed'

export const CAPABILITIES: readonly Capability[] = ['classify-images', 'model-view', 'describe-config', 'score-words', 'sample-words', 'stylise', 'upscale', 'detect', 'embed']

/** A sweep the experiment offers as one button on the New run page (e.g. the shortcut study). */
export interface StudyTemplate {
  label: string
  description: string
  sweep: StudyAxis[]
}

/** An experiment as the front ends see it: pure data (the trainer and models stay in the main process). */
export interface ExperimentInfo {
  id: string
  title: string
  description: string
  /** One line for the New run Data card: what the run trains on when no dataset is chosen. */
  dataDescription: string
  fields: ConfigField[]
  presets: PresetInfo[]
  defaultPreset: string
  /** Kinds of dataset the experiment accepts (`image-classification`, ...). */
  datasetKinds: string[]
  /** Kernels a backend needs to train this experiment. */
  requiredKernels: string[]
  /** Every metric the trainer writes. */
  metrics: MetricSpec[]
  /** The metrics a run is summed up by (runs table, run header), most telling first: validation first. */
  headline: string[]
  outputs: OutputSpec[]
  capabilities: Capability[]
  studies: StudyTemplate[]
}

export interface SkippedFile {
  file: string
  reason: string
}

export interface DatasetInfo {
  id: string
  name: string
  /** Image classification (labels per image) or detection (boxes per image: YOLO txt, COCO JSON). */
  kind: 'image-classification' | 'detection'
  origin: 'builtin' | 'imported'
  /** Folder or file the data is read from (imported), or a description of the generator. */
  source: string
  format: 'generator' | 'class-folders' | 'train-test-folders' | 'idx' | 'yolo-txt' | 'coco-json'
  classes: string[]
  /** counts[split][className] = number of usable items (detection: boxes of that class). */
  counts: Record<'train' | 'test', Record<string, number>>
  /** Detection data sets: images per split, and of them the images without any box (kept as background). */
  images?: Record<'train' | 'test', { total: number; background: number }>
  skipped: SkippedFile[]
  fingerprint: string
  importedAt: string | null
  /** Set when the record cannot be read (corrupt JSON, missing fields): the file and the problem. Such a dataset cannot be used. */
  problem?: string
}

export interface BackendReport {
  name: BackendName
  /** The package that provides it. */
  package: string
  tried: boolean
  ok: boolean
  version: string | null
  /** Why it was not tried or failed; null when ok. */
  reason: string | null
  /** Training kernels the backend lacks (a backend missing any cannot train a CNN). */
  missingKernels: string[]
  /**
   * Of every experiment's required kernels, those the backend lacks; set when it loaded (see
   * shared/backendChoice.ts: which backends can train, or resume, a given experiment).
   */
  absentKernels?: string[]
  /** Milliseconds of a small self test (a 3x3 conv forward and backward), when ok. */
  selfTestMs: number | null
  selected: boolean
  /** The GPU adapter behind the backend (webgpu only), when one was found. */
  adapter?: GpuAdapterReport | null
}

/** A WebGPU adapter as Dawn describes it, and whether Benchtop counts it as hardware. */
export interface GpuAdapterReport {
  vendor: string
  architecture: string
  device: string
  /** Dawn's description: the driver and its version (e.g. "SwiftShader driver 5.0.0"). */
  description: string
  /** A CPU implementation (SwiftShader, lavapipe/llvmpipe, WARP, Dawn's null backend): never selected automatically. */
  software: boolean
  /** Why it counts as software (which field matched), or null for a hardware adapter. */
  softwareReason: string | null
  /** Largest single buffer, in bytes. */
  maxBufferSize: number
  /** Largest storage-buffer binding, in bytes: bounds the largest tensor a kernel reads. */
  maxStorageBufferBindingSize: number
}

export interface EngineReport {
  backends: BackendReport[]
  selected: BackendName | null
  host: HostInfo
  versions: Record<string, string>
}

export interface StartRunRequest {
  experiment: string
  preset?: string
  /** Config overrides; values as strings from a command line are parsed by the field type. */
  set?: Record<string, ConfigValue>
  /** Dataset id or a path to import on the fly. */
  data?: string
  seed?: number
  backend?: BackendName
  name?: string
  /**
   * Fork: begin from this run's checkpoint (its latest when not named), with its weights and
   * optimiser state. Config, seed, data and backend default to the parent's; `preset` and `set`
   * change them, except fields declared `shape` (refused with the reason).
   */
  from?: { runId: string; checkpoint?: string }
}

/** One swept config key and the values it takes, in the order given. */
export interface StudyAxis {
  key: string
  values: ConfigValue[]
}

/**
 * A study: the cross product of the sweep axes, each combination one run on top of `set`, all with
 * the same seed (so the same data order and, for ResNet, the same initial weights in shared layers).
 */
export interface StartStudyRequest extends Omit<StartRunRequest, 'name'> {
  sweep: StudyAxis[]
  /** How many of the study's runs train at once (default 1: one after another). */
  parallel?: number
  name?: string
}

/** `studies/<id>.json`: written once when the study starts (its runs carry their own status). */
export interface StudyRecord {
  id: string
  name: string
  createdAt: string
  experiment: string
  preset: string
  /** The config overrides every run shares (before the sweep values). */
  set: Record<string, ConfigValue>
  sweep: StudyAxis[]
  seed: number
  data: string | null
  backend: BackendName | null
  parallel: number
  /** One run per combination, in cross-product order (the first axis varies slowest). */
  runIds: string[]
  /** runIds[i] trains with combinations[i] on top of `set`. */
  combinations: Array<Record<string, ConfigValue>>
  /** The queue (`redis://host:port`, no credentials) whose workers train the runs; absent or null: here. */
  queue?: string | null
}

/** One line of a study's table: what each run reached, from its metric files. Null: not (yet) known. */
export interface StudyTableRow {
  runId: string
  name: string
  status: RunStatus
  /** The swept values of this run. */
  values: Record<string, ConfigValue>
  finalTrainAccuracy: number | null
  bestTrainAccuracy: number | null
  finalValAccuracy: number | null
  bestValAccuracy: number | null
  /** Median wall time of an epoch (ms); see shared/study/studyTable.ts for how it is measured. */
  medianEpochMs: number | null
  /** Parameters of the model (Keras count_params), from the run's model summary. */
  params: number | null
  epochs: number
  /** For a run on a queue: the worker and its host (`gpu-1 @ lab-box-2`, see shared/remoteRun.ts); null for a local run. */
  worker?: string | null
}

export interface StudySummary extends StudyRecord {
  /** How many of its runs are in each status. */
  statuses: Partial<Record<RunStatus, number>>
}

export interface StudyDetail extends StudySummary {
  runs: RunSummary[]
  table: StudyTableRow[]
}

/** Events the core sends to listeners. Metric events carry only points that are new. */
export type CoreEvent =
  | { type: 'run-status'; runId: string; status: RunStatus; error: string | null }
  | { type: 'run-progress'; runId: string; step: number; epoch: number; totalSteps: number | null; totalEpochs: number | null; etaMs: number | null }
  | { type: 'metrics'; runId: string; name: string; points: MetricPoint[] }
  | { type: 'sample'; runId: string; step: number; name: string; value: unknown }
  | { type: 'image'; runId: string; image: ImageRecord }
  | { type: 'log'; runId: string; line: string }

export type CoreListener = (event: CoreEvent) => void

/** One line of `artifacts/samples/<name>.jsonl`: something the model produced at a step. */
export interface SampleRecord {
  step: number
  time: number
  value: unknown
}

/**
 * One image a run wrote (an `images` output): a line of `artifacts/images/index.jsonl`. The bytes
 * come from `readRunImage(runId, file)`.
 */
export interface ImageRecord {
  /** `<series>-<step, 8 digits>.png` */
  file: string
  series: string
  caption: string
  step: number
  epoch: number
  /** ms since the Unix epoch */
  time: number
  width: number
  height: number
}

/** A run image's PNG bytes, base64. */
export interface RunImageData {
  file: string
  dataBase64: string
}

/** A box drawn on a detection thumbnail, normalised to the image: (x1, y1, x2, y2) in [0, 1]. */
export interface ThumbnailBox {
  className: string
  box: [number, number, number, number]
}

export interface DatasetThumbnail {
  /** The class (classification); for detection the image's file name. */
  className: string
  /** Detection data sets: the image's labelled boxes. */
  boxes?: ThumbnailBox[]
  split: 'train' | 'test'
  /** A small PNG as a data: URL. */
  dataUrl: string
}

export interface DatasetPreview {
  id: string
  size: number
  thumbnails: DatasetThumbnail[]
}

/** An image for the Detect page: its file name (for messages) and its bytes, base64 (any format sharp reads). */
export interface DetectImage {
  name: string
  dataBase64: string
}

/** One scored box before NMS. */
export interface DetectCandidate {
  /** (x1, y1, x2, y2) in original image pixels (after EXIF orientation), clipped to the image. */
  box: [number, number, number, number]
  /** 0..1 */
  score: number
  /** 0..79, the index into COCO_LABELS (a trained run's: into its class names) */
  classId: number
  label: string
}

/** What the detector found in one image, before NMS (the renderer runs NMS on these). */
export interface DetectionResult {
  /** The image's name, as given. */
  image: string
  width: number
  height: number
  /** The inference backend that ran the network. */
  backend: string
  timings: { decodeMs: number; networkMs: number }
  /** Best first; at most 300, each scoring at least 0.01. */
  candidates: DetectCandidate[]
  /** Set when a trained detector run found them (not CenterNet): its class names and thresholds. */
  model?: DetectorModel
}

/** A finished detector run as the Detect page offers it. */
export interface DetectorModel {
  runId: string
  classNames: string[]
  scoreThreshold: number
  iouThreshold: number
}

/** An image made 4x larger by an SR run (`upscaleImage`), with bicubic's 4x for comparison. */
export interface UpscaleImageResult {
  runId: string
  checkpoint: string
  epoch: number
  backend: string
  /** The image's name, as given. */
  image: string
  width: number
  height: number
  outWidth: number
  outHeight: number
  /** The input had an alpha channel; the results keep it. */
  alpha: boolean
  /** The generator's 4x result, PNG as base64. */
  srBase64: string
  /** Bicubic 4x of the same image, PNG as base64. */
  bicubicBase64: string
}

/** One face found by `findFaces`: where it is, how sure the detector is, and who it looks like. */
export interface FoundFace {
  /** (x1, y1, x2, y2) in original image pixels (after EXIF orientation). */
  box: [number, number, number, number]
  /** The face detector's score, 0..1. */
  score: number
  /** 128 numbers from the face recognition network (not unit length: compare with Euclidean distance). */
  descriptor: number[]
  /** The aligned crop the descriptor was computed from, a small PNG as base64. */
  cropBase64: string
}

/** What `findFaces` found in one image. */
export interface FaceImageResult {
  /** The image's name, as given. */
  image: string
  width: number
  height: number
  /** The inference backend that ran the networks. */
  backend: string
  /** Best first. */
  faces: FoundFace[]
  /** Faces detected but too small to describe reliably (shorter side below `minFaceSize` pixels). */
  tooSmall: number
  minFaceSize: number
  timings: { decodeMs: number; networkMs: number }
  /**
   * Set when a run's embedding network described the image instead of face-api (capability
   * `embed`): the whole image is one "face", and `threshold` is the run's best "same" distance
   * on held-out pairs (null before its first validation).
   */
  model?: { runId: string; checkpoint: string; epoch: number; threshold: number | null }
}

/** How much disk a run's folder takes: its regular files (links not followed). */
export interface RunDiskUsage {
  runId: string
  bytes: number
  files: number
}

/** What the trash holds: each trashed run's size, and their sum. */
export interface TrashUsage {
  runs: Array<{ id: string; bytes: number; files: number }>
  bytes: number
}

/** What emptying the trash deleted for good, and the bytes it freed. */
export interface EmptiedTrash {
  removed: string[]
  bytes: number
}

export interface BenchtopApi {
  listExperiments(): Promise<ExperimentInfo[]>
  engineReport(refresh?: boolean): Promise<EngineReport>

  listDatasets(): Promise<DatasetInfo[]>
  importDataset(path: string, name?: string): Promise<DatasetInfo>

  /** A few decoded images per class and split, for a grid of thumbnails. */
  datasetPreview(id: string, perClass?: number): Promise<DatasetPreview>

  listRuns(options?: { includeTrash?: boolean }): Promise<RunSummary[]>
  getRun(runId: string): Promise<RunDetail>
  readMetric(runId: string, name: string): Promise<MetricPoint[]>
  /** The end of the run's log (at most the last 256 KiB). */
  readRunLog(runId: string): Promise<string>
  readSamples(runId: string, name: string): Promise<SampleRecord[]>
  /** The images the run wrote (its `images` outputs), by step. */
  listRunImages(runId: string): Promise<ImageRecord[]>
  /** One of them, by the file name the list gives. */
  readRunImage(runId: string, file: string): Promise<RunImageData>
  startRun(request: StartRunRequest): Promise<RunSummary>
  cancelRun(runId: string): Promise<void>
  /** Continues a stopped run from its last checkpoint, on `backend` when given (checkpoints are backend-neutral). */
  resumeRun(runId: string, backend?: BackendName): Promise<RunSummary>
  deleteRun(runId: string): Promise<void>
  restoreRun(runId: string): Promise<void>
  /** A run's size on disk (also of a run in the trash). */
  runDiskUsage(runId: string): Promise<RunDiskUsage>
  /** The trash's runs and what deleting them would free. */
  trashUsage(): Promise<TrashUsage>
  /** Deletes every run in the trash for good (no undo); what it freed. */
  emptyTrash(): Promise<EmptiedTrash>

  /** Creates every run of the sweep (queued) and starts them `parallel` at a time. */
  startStudy(request: StartStudyRequest): Promise<StudyDetail>
  listStudies(): Promise<StudySummary[]>
  getStudy(studyId: string): Promise<StudyDetail>
  /** Cancels the study's queued runs (they never start) and its running ones. */
  cancelStudy(studyId: string): Promise<void>

  /**
   * CenterNet (COCO) on one image, in a worker process: every candidate before NMS. With `runId`,
   * a finished run with the `detect` capability (yolo) instead, its class names in `model`. Rejects with
   * "<name>: not a readable image: ..." for bytes that are not an image.
   */
  detectCandidates(image: DetectImage, runId?: string): Promise<DetectionResult>

  /**
   * Faces in one image, in the inference process: each found, aligned (68 landmarks), cropped
   * and described (128-d). Rejects with "<name>: not a readable image: ..." for bytes that are not
   * an image; an image without a face resolves with no faces.
   *
   * With `model` (a run whose experiment has the `embed` capability, such as triplet) the whole
   * image is described by that run's network at `checkpoint` (default: its latest) instead: one
   * "face" per image, so any two images of the run's kind can be compared.
   */
  findFaces(image: DetectImage, model?: string, checkpoint?: string): Promise<FaceImageResult>

  /**
   * Stores an image for an `image-file` field (New run's drop zones) under `<home>/inputs/`, after
   * checking it: a still image sharp can read, at most MAX_INPUT_IMAGE_PIXELS, at most 48 MiB of
   * base64. The same bytes give the same path. Errors name the file.
   */
  uploadInputImage(image: DetectImage): Promise<InputImage>

  /**
   * The `stylise` capability: a finished run's style applied to another content image, in the
   * inference process (the same optimisation, on the new image). Nothing is written to the run.
   */
  styliseImage(runId: string, request: StyliseRequest): Promise<StyliseResult>

  /**
   * Probabilities of `words` (a-z only) under a char-rnn run's checkpoint (a name or an epoch
   * number; default the latest), as the seed computes them; with every letter's probability.
   */
  lmScore(runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult>
  /** Words sampled from a char-rnn run's checkpoint, each letter with the probability it had. */
  lmSample(runId: string, request: LmSampleRequest): Promise<LmSampleResult>

  /**
   * A shapes-cnn or resnet run's class probabilities for each image, resized as training resized
   * its images, with the weights of `checkpoint` (default: the latest). A bad image gets an error
   * entry; the others are still classified.
   */
  predictImages(runId: string, images: DetectImage[], checkpoint?: string): Promise<PredictionResult>
  /**
   * One image 4x larger with a run whose experiment declares `upscale` (its generator at
   * `checkpoint`, default the latest), tiled, alpha kept; with bicubic's 4x for comparison.
   * Rejects with "<name>: ..." for an image that cannot be read or is too large.
   */
  upscaleImage(runId: string, image: DetectImage, checkpoint?: string): Promise<UpscaleImageResult>
  /** The network of a shapes-cnn or resnet run: ResNet blocks with their shortcuts, or the layer list. */
  modelSummary(runId: string): Promise<ModelSummary>

  /** The settings in `<home>/settings.json`, with where runs are kept and this machine's cores. */
  getSettings(): Promise<SettingsView>
  /** Changes some settings (null: back to the default); rejects, changing nothing, with the reason a value is refused. */
  updateSettings(patch: SettingsPatch): Promise<SettingsView>

  subscribe(listener: CoreListener): () => void
}

/** What the host adds beside the API: which host it is, and what only a desktop can do. */
export interface HostCapabilities {
  kind: 'electron' | 'web'
  /** A native folder picker (Electron only); resolves null when the user cancels. */
  pickDirectory?: () => Promise<string | null>
  /** Opens the system's file manager on a run's folder, or on the runs folder without an id (Electron only). */
  showInFolder?: (runId?: string) => Promise<void>
  /** Calls `listener` with the id of each application-menu command meant for the page (Electron only). */
  onMenuCommand?: (listener: (command: string) => void) => () => void
}

/** The object the renderer gets: `window.benchtop` in Electron, an HTTP/WebSocket client in web mode. */
export interface RendererApi extends BenchtopApi {
  host: HostCapabilities
}
