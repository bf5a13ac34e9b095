/**
 * The core service: implements the API contract once, over the run store, the dataset registry
 * and training processes. Front ends (command line, Electron IPC, web mode) only carry calls to it.
 */
import type {
  BackendName,
  BenchtopApi,
  Capability,
  CoreEvent,
  CoreListener,
  DatasetInfo,
  DatasetPreview,
  DetectImage,
  EmptiedTrash,
  InputImage,
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
import type { SettingsPatch, SettingsView } from '../../shared/settings'
import type { QueueTarget } from '../cluster/connection'
import { DatasetRegistry } from '../datasets'
import { hostInfo } from '../engine/host'
import { findExperimentInfo, listExperimentInfo } from '../experiments/registry'
import { checkBackendChoice } from '../../shared/backendChoice'
import { ConfigError } from '../experiments/config'
import { cancelRunElsewhere } from './cancelElsewhere'
import { checkInputPath } from './inputPaths'
import { RunStore, StudyStore } from '../store'
import { forkLauncher, type Launcher } from '../training/launcher'
import { datasetPreview } from './datasetPreview'
import { storeInputImage } from './inputImages'
import { InferenceHost, type CallOptions } from '../inference/host'
import type { InferenceLauncher } from '../inference/launcher'
import { InferenceCalls } from './inferenceCalls'
import { createRequestedRun } from './newRun'
import { probeEngine } from './engineProbe'
import { QueueCoordinators } from './queueCoordinators'
import { checkBackendName, checkedParams, checkRunData, type RunParams } from './runParams'
import { readSettings, settingsPath, writeSettings } from './settingsFile'
import type { RunSupervisor } from './runSupervisor'
import { startTraining } from './startTraining'
import { StudyService } from './studies'

export type { RunParams } from './runParams'

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
  /** Calls into the inference process, by run id (inferenceCalls.ts). */
  private readonly calls: InferenceCalls

  constructor(readonly options: CoreOptions) {
    this.store = new RunStore(options.home)
    this.datasets = new DatasetRegistry(options.home)
    this.inference = new InferenceHost(options.inferenceLauncher)
    this.calls = new InferenceCalls(options.home, this.store, this.inference)
    this.launcher = options.launcher ?? forkLauncher
    this.queues = new QueueCoordinators({ home: options.home, store: this.store, datasets: this.datasets, emit: (e) => this.emit(e), queue: options.queue })
    // Runs whose process died since the last start are listed as interrupted from now on.
    this.store.markInterruptedRuns()
    this.studies = new StudyService({
      store: this.store,
      studies: new StudyStore(options.home),
      findExperiment: findExperimentInfo,
      checkRunInputs: async (request) => {
        if (request.backend) checkBackendName(request.backend)
        return request.data ? checkRunData(this.datasets, request.data) : null
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

  /** A new run, or a fork of another run's checkpoint (newRun.ts), whose training starts now. */
  async startRun(request: StartRunRequest): Promise<RunSummary> {
    const run = await createRequestedRun({ home: this.options.home, store: this.store, datasets: this.datasets }, request)
    return this.launch(run.id, run.params, run.resumeFrom)
  }

  async resumeRun(runId: string, backend?: BackendName): Promise<RunSummary> {
    if (backend !== undefined) checkBackendName(backend)
    const id = this.store.resolveRunId(runId)
    const meta = this.withUnwrittenEnd(this.summary(id))
    if (this.active.has(id) || meta.status === 'running' || meta.status === 'queued') {
      throw new Error(`run ${id} is ${meta.status}; only a stopped run can be resumed`)
    }
    if (meta.status === 'completed') throw new Error(`run ${id} has already completed`)
    if (meta.startedAt === null) {
      // A study's queued run that never started (its process was closed or killed): start it now.
      this.store.checkBeforeResume(id, null)
      const params = await checkedParams(this.store, this.datasets, id, meta.experiment, meta.preset)
      this.store.updateMeta(id, { error: null })
      return this.launch(id, params, null)
    }
    if (!meta.lastCheckpoint) {
      throw new Error(`run ${id} has no checkpoint to resume from (it stopped before its first epoch ended); start it again instead`)
    }
    // The folder may have been edited or crafted: check it as a new run's settings are checked.
    const checkpoint = this.store.checkBeforeResume(id, meta.lastCheckpoint)
    const checked = await checkedParams(this.store, this.datasets, id, meta.experiment, meta.preset)
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
    cancelRunElsewhere(this.store, id, meta, (event) => this.emit(event))
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

  /** Checks the header only (no decoding) and stores the bytes: light enough for this process. */
  uploadInputImage(image: DetectImage): Promise<InputImage> {
    return storeInputImage(this.options.home, image)
  }

  /** Every call below runs in the inference process (inferenceCalls.ts), never in this one. */
  readonly detectCandidates: BenchtopApi['detectCandidates'] = (image, runId) => this.calls.detectCandidates(image, runId)
  readonly findFaces: BenchtopApi['findFaces'] = (image, model, checkpoint) => this.calls.findFaces(image, model, checkpoint)
  readonly styliseImage: BenchtopApi['styliseImage'] = (runId, request) => this.calls.styliseImage(runId, request)
  readonly upscaleImage: BenchtopApi['upscaleImage'] = (runId, image, checkpoint) => this.calls.upscaleImage(runId, image, checkpoint)
  readonly predictImages: BenchtopApi['predictImages'] = (runId, images, checkpoint) => this.calls.predictImages(runId, images, checkpoint)
  readonly modelSummary: BenchtopApi['modelSummary'] = (runId) => this.calls.modelSummary(runId)
  readonly lmScore: BenchtopApi['lmScore'] = (runId, words, checkpoint) => this.calls.lmScore(runId, words, checkpoint)
  readonly lmSample: BenchtopApi['lmSample'] = (runId, request) => this.calls.lmSample(runId, request)

  /** What a finished run's experiment brings itself for `capability` (inferenceCalls.ts). */
  runInference<O>(runId: string, capability: Capability, input: Record<string, unknown>, options?: CallOptions): Promise<O> {
    return this.calls.runInference<O>(runId, capability, input, options)
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

  private launch(id: string, params: RunParams, resumeFrom: string | null): RunSummary {
    this.unwritten.get(id)?.dropUnwrittenEnd()
    this.unwritten.delete(id)
    const context = { home: this.options.home, store: this.store, launcher: this.launcher, emit: (event: CoreEvent) => this.emit(event) }
    startTraining(context, id, params, resumeFrom, (supervisor) => {
      this.active.set(id, supervisor)
      supervisor.done.then(() => {
        this.active.delete(id)
        if (supervisor.pendingEnd) this.unwritten.set(id, supervisor)
      })
    })
    return this.summary(id)
  }
}
