/**
 * The core service: implements the API contract once, over the run store, the dataset registry
 * and training processes. Front ends (command line, Electron IPC, web mode) only carry calls to it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type {
  BackendName,
  BenchtopApi,
  CoreEvent,
  CoreListener,
  DatasetInfo,
  DatasetPreview,
  DetectImage,
  DetectionResult,
  FaceImageResult,
  EngineReport,
  ExperimentInfo,
  ImageRecord,
  MetricPoint,
  RunDetail,
  RunImageData,
  RunSummary,
  SampleRecord,
  StartRunRequest,
  StartStudyRequest,
  StudyDetail,
  StudySummary,
} from '../../shared/api'
import { BACKEND_ORDER } from '../../shared/api'
import type { LmSampleRequest, LmSampleResult, LmScoreResult } from '../../shared/lm/api'
import type { ModelSummary, PredictionResult } from '../../shared/prediction'
import { DatasetRegistry } from '../datasets'
import { hostInfo } from '../engine/host'
import { findExperimentInfo, listExperimentInfo } from '../experiments/registry'
import { ConfigError, resolveConfig } from '../experiments/config'
import { checkInputPath } from './inputPaths'
import { appVersion } from '../paths'
import { RunStore, StudyStore } from '../store'
import { forkLauncher, type Launcher } from '../training/launcher'
import type { TrainJob } from '../training/protocol'
import { datasetPreview } from './datasetPreview'
import { DetectionService } from './detectionService'
import { FaceService } from './faceService'
import { LanguageModelService } from './languageModels'
import { PredictionService } from './predictionService'
import { probeEngine } from './engineProbe'
import { RunSupervisor } from './runSupervisor'
import { StudyService } from './studies'

/** How much of a run's log the API returns: the end is what a person looks at. */
const LOG_TAIL_BYTES = 256 * 1024

export interface CoreOptions {
  home: string
  launcher?: Launcher
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
  private engine: Promise<EngineReport> | null = null
  private readonly detection = new DetectionService()
  private readonly faces = new FaceService()
  private readonly languageModels: LanguageModelService
  private readonly prediction: PredictionService
  /** Sweeps of runs started one after another (studies.ts). */
  readonly studies: StudyService

  constructor(readonly options: CoreOptions) {
    this.store = new RunStore(options.home)
    this.datasets = new DatasetRegistry(options.home)
    this.languageModels = new LanguageModelService(this.store)
    this.prediction = new PredictionService(options.home)
    this.launcher = options.launcher ?? forkLauncher
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
    })
  }

  async listExperiments(): Promise<ExperimentInfo[]> {
    return listExperimentInfo()
  }

  engineReport(refresh = false): Promise<EngineReport> {
    if (!this.engine || refresh) {
      this.engine = probeEngine(this.launcher)
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
    return this.store.listRuns(options)
  }

  async getRun(runId: string): Promise<RunDetail> {
    return this.store.getRun(this.store.resolveRunId(runId))
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

  async startRun(request: StartRunRequest): Promise<RunSummary> {
    const experiment = findExperimentInfo(request.experiment)
    const { preset, config } = resolveConfig(experiment, request.preset, request.set)
    if (request.backend && !BACKEND_ORDER.includes(request.backend)) {
      throw new ConfigError(`unknown backend '${request.backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
    }
    const data = request.data ? await this.checkData(request.data) : null
    const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31)
    const params: RunParams = { config, seed, data, backend: request.backend ?? null }
    const meta = this.store.createRun({
      experiment: experiment.id,
      preset,
      name: request.name,
      seed,
      params: params as unknown as Record<string, unknown>,
    })
    return this.launch(meta.id, params, null)
  }

  async resumeRun(runId: string): Promise<RunSummary> {
    const id = this.store.resolveRunId(runId)
    const meta = this.store.readMeta(id)
    if (this.active.has(id) || meta.status === 'running' || meta.status === 'queued') {
      throw new Error(`run ${id} is ${meta.status}; only a stopped run can be resumed`)
    }
    if (meta.status === 'completed') throw new Error(`run ${id} has already completed`)
    if (meta.startedAt === null) {
      // A study's queued run that never started (its process was closed or killed): start it now.
      this.store.updateMeta(id, { error: null })
      return this.launch(id, this.store.readParams(id) as unknown as RunParams, null)
    }
    if (!meta.lastCheckpoint) {
      throw new Error(`run ${id} has no checkpoint to resume from (it stopped before its first epoch ended); start it again instead`)
    }
    const params = this.store.readParams(id) as unknown as RunParams
    const checkpoint = this.store.latestCheckpoint(id)
    this.store.updateMeta(id, (m) => ({ resumes: m.resumes + 1 }))
    return this.launch(id, params, checkpoint.dir)
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
    if (meta.status === 'queued' && meta.startedAt === null) {
      // A study's run waiting for its turn: it never starts (its queue, in any process, skips it).
      this.store.updateMeta(id, (m) => (m.status === 'queued' ? { status: 'cancelled', endedAt: new Date().toISOString(), ownerPid: null } : {}))
      this.emit({ type: 'run-status', runId: id, status: 'cancelled', error: null })
      return
    }
    if (meta.status !== 'running' && meta.status !== 'queued') throw new Error(`run ${id} is ${meta.status}, not running`)
    // Owned by another Benchtop process: ask its training process to stop; its owner records the end.
    if (!meta.workerPid) throw new Error(`run ${id} has no training process to stop`)
    try {
      process.kill(meta.workerPid, 'SIGTERM')
    } catch (error) {
      throw new Error(`could not stop run ${id} (pid ${meta.workerPid}): ${(error as Error).message}`)
    }
  }

  async deleteRun(runId: string): Promise<void> {
    const id = this.store.resolveRunId(runId)
    if (this.active.has(id)) throw new Error(`run ${id} is running; cancel it before deleting it`)
    this.store.deleteRun(id)
    this.languageModels.forgetRun(id)
    this.prediction.forgetRun(this.store.runDir(id))
  }

  async restoreRun(runId: string): Promise<void> {
    this.store.restoreRun(runId)
  }

  startStudy(request: StartStudyRequest): Promise<StudyDetail> {
    return this.studies.start(request)
  }

  async listStudies(): Promise<StudySummary[]> {
    return this.studies.list()
  }

  async getStudy(studyId: string): Promise<StudyDetail> {
    return this.studies.get(studyId)
  }

  cancelStudy(studyId: string): Promise<void> {
    return this.studies.cancel(studyId)
  }

  /** Runs in a long-lived detection process, started on the first call (see detectionService.ts). */
  detectCandidates(image: DetectImage): Promise<DetectionResult> {
    return this.detection.detectCandidates(image)
  }

  /** Runs in a long-lived face process, started on the first call (see faceService.ts). */
  findFaces(image: DetectImage): Promise<FaceImageResult> {
    return this.faces.findFaces(image)
  }

  /** In this process, with the run's model cached per checkpoint (predictionService.ts). */
  async predictImages(runId: string, images: DetectImage[], checkpoint?: string): Promise<PredictionResult> {
    return this.prediction.predictImages(this.store.runDir(this.store.resolveRunId(runId)), images, checkpoint)
  }

  async modelSummary(runId: string): Promise<ModelSummary> {
    return this.prediction.modelSummary(this.store.runDir(this.store.resolveRunId(runId)))
  }

  /** In this process, with the run's model cached per checkpoint (languageModels.ts). */
  lmScore(runId: string, words: string[], checkpoint?: string): Promise<LmScoreResult> {
    return this.languageModels.score(runId, words, checkpoint)
  }

  lmSample(runId: string, request: LmSampleRequest): Promise<LmSampleResult> {
    return this.languageModels.sample(runId, request)
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
    this.languageModels.clear()
    this.prediction.shutdown()
    await Promise.all([...running.map((s) => s.done), this.detection.shutdown(), this.faces.shutdown()])
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
    return { ...this.store.readMeta(id), latest: this.store.latestMetrics(id), dir: this.store.runDir(id) }
  }

  private async checkData(data: string): Promise<string> {
    const known = (await this.datasets.list()).some((d) => d.id === data)
    if (known) return data
    if (!path.isAbsolute(data)) {
      throw new ConfigError(`data: no data set with id '${data}', and '${data}' is not an absolute path (a relative path is not resolved against the server's working folder)`)
    }
    return checkInputPath(data, 'folder-or-file', 'data')
  }

  private launch(id: string, params: RunParams, resumeFrom: string | null): RunSummary {
    const child = this.launcher({ logPath: this.store.logPath(id) })
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
    supervisor.done.then(() => this.active.delete(id))
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
