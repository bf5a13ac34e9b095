/**
 * The core service: implements the API contract once, over the run store, the dataset registry
 * and training processes. Front ends (command line, Electron IPC, web mode) only carry calls to it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type {
  BackendName,
  BenchtopApi,
  Capability,
  ConfigValue,
  CoreEvent,
  CoreListener,
  DatasetInfo,
  DatasetPreview,
  DetectImage,
  UpscaleImageResult,
  DetectionResult,
  EmptiedTrash,
  FaceImageResult,
  InputImage,
  StyliseRequest,
  StyliseResult,
  EngineReport,
  ExperimentInfo,
  ImageRecord,
  MetricPoint,
  RunDetail,
  RunDiskUsage,
  RunImageData,
  RunSummary,
  SampleRecord,
  StartRunRequest,
  StartStudyRequest,
  StudyDetail,
  StudySummary,
  TrashUsage,
} from '../../shared/api'
import { BACKEND_ORDER } from '../../shared/api'
import type { SettingsPatch, SettingsView } from '../../shared/settings'
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../shared/lm/api'
import type { ModelSummary, PredictionResult } from '../../shared/prediction'
import type { QueueTarget } from '../cluster/connection'
import { DatasetRegistry } from '../datasets'
import { hostInfo } from '../engine/host'
import { findExperimentInfo, listExperimentInfo } from '../experiments/registry'
import { checkBackendChoice } from '../../shared/backendChoice'
import { ConfigError, resolveConfig } from '../experiments/config'
import { forkConfig } from './fork'
import { checkInputPath } from './inputPaths'
import { appVersion } from '../paths'
import { isProcessAlive, RunStore, StudyStore } from '../store'
import { forkLauncher, workerEntry, type Launcher } from '../training/launcher'
import { isWorkerOfRun } from '../training/workerIdentity'
import type { TrainJob } from '../training/protocol'
import { datasetPreview } from './datasetPreview'
import { storeInputImage } from './inputImages'
import { InferenceHost, type CallOptions } from '../inference/host'
import { runHandlerName } from '../inference/handlers'
import type { InferenceLauncher } from '../inference/launcher'
import type { ClassifyInput, ModelSummaryInput } from '../predict/handler'
import type { LmSampleInput, LmScoreInput } from '../lm/handler'
import { probeEngine } from './engineProbe'
import { QueueCoordinators } from './queueCoordinators'
import { readSettings, settingsPath, writeSettings } from './settingsFile'
import { RunSupervisor } from './runSupervisor'
import { StudyService } from './studies'

/** How much of a run's log the API returns: the end is what a person looks at. */
const LOG_TAIL_BYTES = 256 * 1024

export interface CoreOptions {
  home: string
  launcher?: Launcher
  /** The queue new studies go to; undefined: the one in `<home>/settings.json`, if any; null: none. */
  queue?: QueueTarget | null
  /** Starts the inference process (default: a forked Node child; the Electron host may pass a utilityProcess one). */
  inferenceLauncher?: InferenceLauncher
}

/** What a run's params.json holds: everything needed to run it again exactly. */
export interface RunParams {
  config: TrainJob['config']
  seed: number
  data: string | null
  backend: BackendName | null
}

export class BenchtopCore implements BenchtopApi {
  readonly store: RunStore
  readonly datasets: DatasetRegistry
  private readonly launcher: Launcher
  private readonly listeners = new Set<CoreListener>()
  private readonly active = new Map<string, RunSupervisor>()
  /** Ended runs whose final state could not be written yet (full disk); shown from memory meanwhile. */
  private readonly unwritten = new Map<string, RunSupervisor>()
  private engine: Promise<EngineReport> | null = null
  /** Every inference (classify, language models, detection, faces, what experiments bring): one long-lived process. */
  readonly inference: InferenceHost
  /** Sweeps of runs started one after another (studies.ts). */
  readonly studies: StudyService
  /** The queues this core has used (queueCoordinators.ts). */
  private readonly queues: QueueCoordinators

  constructor(readonly options: CoreOptions) {
    this.store = new RunStore(options.home)
    this.datasets = new DatasetRegistry(options.home)
    this.inference = new InferenceHost(options.inferenceLauncher)
    this.launcher = options.launcher ?? forkLauncher
    this.queues = new QueueCoordinators({ home: options.home, store: this.store, datasets: this.datasets, emit: (e) => this.emit(e), queue: options.queue })
    // Runs whose process died since the last start are listed as interrupted from now on.
    this.store.markInterruptedRuns()
    this.studies = new StudyService({
      store: this.store,
      studies: new StudyStore(options.home),
      findExperiment: findExperimentInfo,
      checkRunInputs: async (request) => {
        if (request.backend && !BACKEND_ORDER.includes(request.backend)) {
          throw new ConfigError(`unknown backend '${request.backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
        }
        return request.data ? this.checkData(request.data) : null
      },
      launch: (id, params) => this.waitForRun(this.launch(id, params, null).id),
      cancelRun: (id) => this.cancelRun(id),
      emit: (event) => this.emit(event),
      queue: async () => {
        const target = this.queues.target()
        return target ? this.queues.forTarget(target) : null
      },
      queueOf: (label) => this.queues.ofLabel(label),
    })
  }

  /** Studies started from now on go to this queue's workers (null: they train here). */
  useQueue(target: QueueTarget | null): void {
    this.queues.use(target)
  }

  /** Stops following queued runs (they go on training on their workers) and closes the connections. */
  closeQueues(): Promise<void> {
    return this.queues.close()
  }

  async listExperiments(): Promise<ExperimentInfo[]> {
    return listExperimentInfo()
  }

  engineReport(refresh = false): Promise<EngineReport> {
    if (!this.engine || refresh) {
      // Every experiment's kernels are looked up in every backend: which backends can train (or resume) which experiment.
      const listed = [...new Set(listExperimentInfo().flatMap((e) => e.requiredKernels))]
      this.engine = probeEngine(this.launcher, [], undefined, listed)
      this.engine.catch(() => (this.engine = null))
    }
    return this.engine
  }

  listDatasets(): Promise<DatasetInfo[]> {
    return this.datasets.list()
  }

  async importDataset(datasetPath: string, name?: string): Promise<DatasetInfo> {
    return this.datasets.import(await checkInputPath(datasetPath, 'folder', 'import'), name)
  }

  datasetPreview(id: string, perClass?: number): Promise<DatasetPreview> {
    return datasetPreview(this.datasets, id, perClass)
  }

  async listRuns(options?: { includeTrash?: boolean }): Promise<RunSummary[]> {
    return this.store.listRuns(options).map((run) => this.withUnwrittenEnd(run))
  }

  async getRun(runId: string): Promise<RunDetail> {
    return this.withUnwrittenEnd(this.store.getRun(this.store.resolveRunId(runId)))
  }

  async readMetric(runId: string, name: string): Promise<MetricPoint[]> {
    return this.store.readMetric(this.store.resolveRunId(runId), name)
  }

  async readRunLog(runId: string): Promise<string> {
    return this.store.readLogTail(this.store.resolveRunId(runId), LOG_TAIL_BYTES)
  }

  async readSamples(runId: string, name: string): Promise<SampleRecord[]> {
    return this.store.readSamples(this.store.resolveRunId(runId), name)
  }

  async listRunImages(runId: string): Promise<ImageRecord[]> {
    return this.store.listImages(this.store.resolveRunId(runId))
  }

  async readRunImage(runId: string, file: string): Promise<RunImageData> {
    const bytes = this.store.readImage(this.store.resolveRunId(runId), file)
    return { file, dataBase64: bytes.toString('base64') }
  }

  async getSettings(): Promise<SettingsView> {
    return {
      settings: readSettings(this.options.home),
      home: this.options.home,
      runsFolder: this.store.runsDir,
      settingsFile: settingsPath(this.options.home),
      cores: hostInfo().cores,
    }
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    writeSettings(this.options.home, patch)
    return this.getSettings()
  }

  async startRun(request: StartRunRequest): Promise<RunSummary> {
    if (request.from) return this.forkRun(request, request.from)
    const experiment = findExperimentInfo(request.experiment)
    const { preset, config } = resolveConfig(experiment, request.preset, request.set)
    if (request.backend && !BACKEND_ORDER.includes(request.backend)) {
      throw new ConfigError(`unknown backend '${request.backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
    }
    const data = request.data ? await this.checkData(request.data) : null
    const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31)
    // The Settings page's default backend, recorded in params.json so "run again" asks for the same.
    const params: RunParams = { config, seed, data, backend: request.backend ?? readSettings(this.options.home).defaultBackend }
    const meta = this.store.createRun({
      experiment: experiment.id,
      preset,
      name: request.name,
      seed,
      params: params as unknown as Record<string, unknown>,
    })
    return this.launch(meta.id, params, null)
  }

  /**
   * A new run that begins from another run's checkpoint (weights and optimiser state), with the
   * parent's settings changed by the request (core/fork.ts). The checkpoint is copied into the new
   * run, which then starts as a resumed run does; its record names the parent (RunMeta.parent).
   */
  private async forkRun(request: StartRunRequest, from: NonNullable<StartRunRequest['from']>): Promise<RunSummary> {
    const parentId = this.store.resolveRunId(from.runId)
    const parent = this.store.readMeta(parentId)
    if (request.experiment && request.experiment !== parent.experiment) {
      throw new ConfigError(`run ${parentId} trained ${parent.experiment}, not ${request.experiment}: a fork continues the same experiment`)
    }
    const experiment = findExperimentInfo(parent.experiment)
    const checkpoint = this.store.latestCheckpoint(parentId, from.checkpoint)
    const raw = this.store.readParams(parentId) as Partial<RunParams>
    const parentConfig = raw.config && typeof raw.config === 'object' && !Array.isArray(raw.config) ? raw.config : {}
    const { preset, config } = forkConfig(experiment, { runId: parentId, preset: parent.preset, config: parentConfig }, checkpoint, request)
    const backend = request.backend ?? raw.backend ?? null
    if (backend && !BACKEND_ORDER.includes(backend)) {
      throw new ConfigError(`unknown backend '${backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
    }
    const wanted = request.data ?? (typeof raw.data === 'string' ? raw.data : null)
    const data = wanted ? await this.checkData(wanted) : null
    const params: RunParams = { config, seed: request.seed ?? parent.seed, data, backend }
    const meta = this.store.createRun({ experiment: experiment.id, preset, name: request.name, seed: params.seed, params: params as unknown as Record<string, unknown> })
    this.store.forkCheckpoint(parentId, checkpoint.name, meta.id)
    return this.launch(meta.id, params, this.store.checkBeforeResume(meta.id, checkpoint.name))
  }

  async resumeRun(runId: string, backend?: BackendName): Promise<RunSummary> {
    if (backend !== undefined && !BACKEND_ORDER.includes(backend)) {
      throw new ConfigError(`unknown backend '${backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
    }
    const id = this.store.resolveRunId(runId)
    const meta = this.withUnwrittenEnd(this.summary(id))
    if (this.active.has(id) || meta.status === 'running' || meta.status === 'queued') {
      throw new Error(`run ${id} is ${meta.status}; only a stopped run can be resumed`)
    }
    if (meta.status === 'completed') throw new Error(`run ${id} has already completed`)
    if (meta.startedAt === null) {
      // A study's queued run that never started (its process was closed or killed): start it now.
      this.store.checkBeforeResume(id, null)
      const params = await this.checkedParams(id, meta.experiment, meta.preset)
      this.store.updateMeta(id, { error: null })
      return this.launch(id, params, null)
    }
    if (!meta.lastCheckpoint) {
      throw new Error(`run ${id} has no checkpoint to resume from (it stopped before its first epoch ended); start it again instead`)
    }
    // The folder may have been edited or crafted: check it as a new run's settings are checked.
    const checkpoint = this.store.checkBeforeResume(id, meta.lastCheckpoint)
    const checked = await this.checkedParams(id, meta.experiment, meta.preset)
    if (backend) {
      // Checked here, before the run changes: a backend without the experiment's kernels would only fail it again.
      const report = await this.engineReport()
      try {
        checkBackendChoice(report, findExperimentInfo(meta.experiment).requiredKernels, backend, `run ${id} (${meta.experiment})`)
      } catch (error) {
        throw new ConfigError(`${(error as Error).message}; the run was not resumed`)
      }
    }
    // Another backend for this leg only (params.json is written once): the log and meta.backend say which trained it.
    const params = backend ? { ...checked, backend } : checked
    this.store.updateMeta(id, (m) => ({ resumes: m.resumes + 1 }))
    return this.launch(id, params, checkpoint)
  }

  /** params.json checked with the same rules as a new run's request; its file is named on failure. */
  private async checkedParams(id: string, experimentId: string, preset: string): Promise<RunParams> {
    const file = path.join(this.store.runDir(id), 'params.json')
    const raw = this.store.readParams(id)
    try {
      const experiment = findExperimentInfo(experimentId)
      if (typeof raw.config !== 'object' || raw.config === null || Array.isArray(raw.config)) throw new ConfigError('config is not an object')
      const { config } = resolveConfig(experiment, preset, raw.config as Record<string, ConfigValue>)
      if (!Number.isSafeInteger(raw.seed)) throw new ConfigError(`seed must be a whole number, got ${JSON.stringify(raw.seed)}`)
      if (raw.backend !== null && raw.backend !== undefined && !BACKEND_ORDER.includes(raw.backend as BackendName)) {
        throw new ConfigError(`unknown backend ${JSON.stringify(raw.backend)}; valid backends: ${BACKEND_ORDER.join(', ')}`)
      }
      if (raw.data !== null && raw.data !== undefined && typeof raw.data !== 'string') throw new ConfigError('data must be a dataset id or a path')
      const data = typeof raw.data === 'string' ? await this.checkData(raw.data) : null
      return { config, seed: raw.seed as number, data, backend: (raw.backend as BackendName | null | undefined) ?? null }
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message}; the run was not resumed`)
    }
  }

  /** Resolves when the run's training process has ended, with the run's final state. */
  waitForRun(runId: string): Promise<RunSummary> {
    const supervisor = this.active.get(runId)
    if (!supervisor) return Promise.resolve(this.summary(runId))
    return supervisor.done
  }

  async cancelRun(runId: string): Promise<void> {
    const id = this.store.resolveRunId(runId)
    const supervisor = this.active.get(id)
    if (supervisor) return supervisor.cancel()
    const meta = this.store.readMeta(id)
    if (meta.remote && (meta.status === 'queued' || meta.status === 'running')) {
      const coordinator = await this.queues.ofLabel(meta.remote.queue)
      if (!coordinator) throw new Error(`run ${id} trains on the queue ${meta.remote.queue}, which does not answer from here`)
      return coordinator.cancelRun(id)
    }
    if (meta.status === 'queued' && meta.startedAt === null) {
      // A study's run waiting for its turn: it never starts (its queue, in any process, skips it).
      this.store.updateMeta(id, (m) => (m.status === 'queued' ? { status: 'cancelled', endedAt: new Date().toISOString(), ownerPid: null } : {}))
      this.emit({ type: 'run-status', runId: id, status: 'cancelled', error: null })
      return
    }
    if (meta.status !== 'running' && meta.status !== 'queued') throw new Error(`run ${id} is ${meta.status}, not running`)
    // Owned by another Benchtop process: ask its training process to stop; its owner records the end.
    // The pid comes from a file, so it is signalled only once proven to be this run's worker.
    if (!isWorkerOfRun(meta.workerPid, id, workerEntry().file)) {
      const reason = `meta.json names pid ${JSON.stringify(meta.workerPid)}, which is not a Benchtop training process of this run`
      if (!isProcessAlive(meta.ownerPid)) {
        this.store.updateMeta(id, (m) => (m.status === 'running' || m.status === 'queued' ? { status: 'interrupted', error: `${reason}; its owner is gone` } : {}))
        this.emit({ type: 'run-status', runId: id, status: 'interrupted', error: reason })
        return
      }
      throw new Error(`could not stop run ${id}: ${reason}; stop it from the Benchtop process that runs it (pid ${meta.ownerPid})`)
    }
    try {
      process.kill(meta.workerPid as number, 'SIGTERM')
    } catch (error) {
      throw new Error(`could not stop run ${id} (pid ${meta.workerPid}): ${(error as Error).message}`)
    }
  }

  async deleteRun(runId: string): Promise<void> {
    const id = this.store.resolveRunId(runId)
    if (this.active.has(id)) throw new Error(`run ${id} is running; cancel it before deleting it`)
    const runDir = this.store.runDir(id)
    this.store.deleteRun(id)
    this.inference.forgetRun(runDir)
  }

  async restoreRun(runId: string): Promise<void> {
    this.store.restoreRun(runId)
  }

  async runDiskUsage(runId: string): Promise<RunDiskUsage> {
    const id = this.store.resolveRunId(runId)
    return { runId: id, ...this.store.runUsage(id) }
  }

  async trashUsage(): Promise<TrashUsage> {
    return this.store.trashUsage()
  }

  async emptyTrash(): Promise<EmptiedTrash> {
    const emptied = this.store.emptyTrash()
    for (const id of emptied.removed) this.inference.forgetRun(this.store.runDir(id))
    return emptied
  }

  startStudy(request: StartStudyRequest): Promise<StudyDetail> {
    return this.studies.start(request)
  }

  async listStudies(): Promise<StudySummary[]> {
    return this.studies.list()
  }

  async getStudy(studyId: string): Promise<StudyDetail> {
    await this.studies.collect(studyId)
    return this.studies.get(studyId)
  }

  cancelStudy(studyId: string): Promise<void> {
    return this.studies.cancel(studyId)
  }

  /** Every method below runs in the inference process (inference/host.ts), never in this one. */
  detectCandidates(image: DetectImage, runId?: string): Promise<DetectionResult> {
    // A finished run whose experiment brings a `detect` handler (yolo), or the pretrained CenterNet.
    if (runId !== undefined) return this.runInference<DetectionResult>(runId, 'detect', { name: image.name, dataBase64: image.dataBase64 }, { what: `detecting objects in ${image.name} with run ${runId}` })
    return this.inference.call('detect-candidates', image, { what: `detecting objects in ${image.name}` })
  }

  /**
   * With `model`, the `embed` capability of that run's experiment describes each whole image
   * (one "face" per image) instead of face-api; the run's own problems (not an embedding run, no
   * such checkpoint) are said once, without an image name.
   */
  findFaces(image: DetectImage, model?: string, checkpoint?: string): Promise<FaceImageResult> {
    if (model === undefined) return this.inference.call('find-faces', image, { what: `finding faces in ${image.name}` })
    this.store.latestCheckpoint(this.store.resolveRunId(model), checkpoint)
    return this.runInference(model, 'embed', { image, ...(checkpoint === undefined ? {} : { checkpoint }) }, { what: image.name })
  }

  /** Checks the header only (no decoding) and stores the bytes: light enough for this process. */
  uploadInputImage(image: DetectImage): Promise<InputImage> {
    return storeInputImage(this.options.home, image)
  }

  /** The `stylise` capability of the run's experiment, in the inference process (a restyle takes as long as the run's optimisation). */
  styliseImage(runId: string, request: StyliseRequest): Promise<StyliseResult> {
    return this.runInference(runId, 'stylise', { content: request.content, steps: request.steps })
  }

  /** The `upscale` capability of the run's experiment, in the inference process. */
  upscaleImage(runId: string, image: DetectImage, checkpoint?: string): Promise<UpscaleImageResult> {
    return this.runInference(runId, 'upscale', { image, checkpoint })
  }

  async predictImages(runId: string, images: DetectImage[], checkpoint?: string): Promise<PredictionResult> {
    const id = this.store.resolveRunId(runId)
    const input: ClassifyInput = { runDir: this.store.runDir(id), home: this.options.home, images, checkpoint }
    return this.inference.call('classify', input, { what: `classifying with run ${id}` })
  }

  async modelSummary(runId: string): Promise<ModelSummary> {
    const id = this.store.resolveRunId(runId)
    const input: ModelSummaryInput = { runDir: this.store.runDir(id), home: this.options.home }
    return this.inference.call('model-summary', input, { what: `the model view of run ${id}` })
  }

  async lmScore(runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult> {
    const id = this.store.resolveRunId(runId)
    const input: LmScoreInput = { runDir: this.store.runDir(id), words, checkpoint }
    return this.inference.call('lm-score', input, { what: `scoring words with run ${id}` })
  }

  async lmSample(runId: string, request: LmSampleRequest): Promise<LmSampleResult> {
    const id = this.store.resolveRunId(runId)
    const input: LmSampleInput = { runDir: this.store.runDir(id), request }
    return this.inference.call('lm-sample', input, { what: `sampling words with run ${id}` })
  }

  /**
   * What a finished run's experiment brings itself for `capability` (its `capabilities.handlers`),
   * in the inference process: `input` plus `{ runDir }` goes to the handler, its result comes back.
   */
  async runInference<O>(runId: string, capability: Capability, input: Record<string, unknown>, options?: CallOptions): Promise<O> {
    const id = this.store.resolveRunId(runId)
    const handler = runHandlerName(this.store.readMeta(id).experiment, capability, id)
    return this.inference.call<O>(handler, { ...input, runDir: this.store.runDir(id) }, { what: `${capability} with run ${id}`, ...options })
  }

  subscribe(listener: CoreListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Cancels every run this core owns and waits for their processes to end. */
  async shutdown(): Promise<void> {
    this.studies.abandonQueued()
    const running = [...this.active.values()]
    for (const supervisor of running) supervisor.cancel()
    await Promise.all([...running.map((s) => s.done), this.inference.shutdown(), this.closeQueues()])
  }

  private emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // A broken listener must not stop training or the other listeners.
      }
    }
  }

  private summary(id: string): RunSummary {
    return this.withUnwrittenEnd({ ...this.store.readMeta(id), latest: this.store.latestMetrics(id), dir: this.store.runDir(id) })
  }

  /** A run that ended here while its meta.json could not be written is shown as it ended. */
  private withUnwrittenEnd<T extends RunSummary>(run: T): T {
    const supervisor = this.unwritten.get(run.id)
    const end = supervisor?.pendingEnd
    if (!supervisor || !end) {
      if (supervisor) this.unwritten.delete(run.id)
      return run
    }
    return { ...run, ...end }
  }

  private async checkData(data: string): Promise<string> {
    const known = (await this.datasets.list()).some((d) => d.id === data && d.problem === undefined)
    if (known) return data
    if (!path.isAbsolute(data)) {
      throw new ConfigError(`data: no data set with id '${data}', and '${data}' is not an absolute path (a relative path is not resolved against the server's working folder)`)
    }
    return checkInputPath(data, 'folder-or-file', 'data')
  }

  private launch(id: string, params: RunParams, resumeFrom: string | null): RunSummary {
    this.unwritten.get(id)?.dropUnwrittenEnd()
    this.unwritten.delete(id)
    // Nobody writes this run now: checkpoints cut short by an earlier failure go.
    this.store.removePartialCheckpoints(id)
    const child = this.launcher({ logPath: this.store.logPath(id), runId: id, threads: readSettings(this.options.home).threads })
    this.store.updateMeta(id, (m) => ({
      status: 'running',
      startedAt: m.startedAt ?? new Date().toISOString(),
      endedAt: null,
      error: null,
      ownerPid: process.pid,
      workerPid: child.pid ?? null,
      host: hostInfo(),
      backend: null,
      versions: { ...m.versions, benchtop: appVersion(), node: process.versions.node },
    }))
    const supervisor = new RunSupervisor(this.store, id, child, (event) => this.emit(event))
    this.active.set(id, supervisor)
    supervisor.done.then(() => {
      this.active.delete(id)
      if (supervisor.pendingEnd) this.unwritten.set(id, supervisor)
    })
    const job: TrainJob = {
      runId: id,
      experiment: this.store.readMeta(id).experiment,
      config: params.config,
      seed: params.seed,
      data: params.data,
      backend: params.backend,
      home: this.options.home,
      runDir: this.store.runDir(id),
      resumeFrom,
    }
    child.send({ type: 'train', job })
    this.emit({ type: 'run-status', runId: id, status: 'running', error: null })
    return this.summary(id)
  }
}
