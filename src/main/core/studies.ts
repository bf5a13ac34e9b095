/**
 * Studies on behalf of the core: creates a sweep's runs (all queued, all with one seed, each tagged
 * with the study's id), writes the study record, and feeds the runs to a StudyQueue. Reading a study
 * back computes its table from the runs' metric files (shared/study/studyTable.ts).
 *
 * A killed process leaves its study's queued runs `interrupted` (their owner pid is gone, as for any
 * run); `resume` starts such a never-started run from the beginning, with the study's settings.
 */
import { workerLabel } from '../../shared/remoteRun'
import type {
  CoreEvent,
  ExperimentInfo,
  RunStatus,
  RunSummary,
  StartStudyRequest,
  StudyDetail,
  StudyRecord,
  StudySummary,
} from '../../shared/api'
import { combinationLabel } from '../../shared/study/crossProduct'
import { studyTable, type StudyRunMetrics } from '../../shared/study/studyTable'
import type { RunStore, StudyStore } from '../store'
import { shortRunId } from '../store/runId'
import { planStudy } from './studyPlan'
import { StudyQueue } from './studyQueue'
import type { RunParams } from './runParams'

export interface StudyHooks {
  store: RunStore
  studies: StudyStore
  findExperiment(id: string): ExperimentInfo
  /** Checks the request's backend and dataset as startRun does; returns the dataset to record. */
  checkRunInputs(request: StartStudyRequest): Promise<string | null>
  /** Launches a queued run; resolves when its training process has ended. */
  launch(runId: string, params: RunParams): Promise<RunSummary>
  cancelRun(runId: string): Promise<void>
  emit(event: CoreEvent): void
  /** The queue whose workers train new studies' runs (cluster/), or null: they train here. */
  queue?(): Promise<StudyRemote | null>
  /** The queue a study recorded, to collect what its workers did; null when it cannot be reached. */
  queueOf?(label: string): Promise<StudyRemote | null>
}

/** What studies need of a queue coordinator (cluster/coordinator.ts). */
export interface StudyRemote {
  readonly label: string
  /** Puts a created run on the queue; resolves when it has ended. */
  submit(runId: string): Promise<unknown>
  /** Applies what workers did for these runs while no process followed them. */
  adopt(runIds: readonly string[]): Promise<void>
}

export class StudyService {
  private readonly queues = new Map<string, StudyQueue>()
  /** Studies whose runs train on a queue's workers: closing this process leaves them running there. */
  private readonly onQueue = new Set<string>()

  constructor(private readonly hooks: StudyHooks) {}

  async start(request: StartStudyRequest): Promise<StudyDetail> {
    const { store, studies } = this.hooks
    const experiment = this.hooks.findExperiment(request.experiment)
    const plan = planStudy(experiment, request)
    const data = await this.hooks.checkRunInputs(request)
    const remote = (await this.hooks.queue?.()) ?? null
    // One seed for every run: the same data order and the same initial weights where layers match.
    const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31)
    const studyId = studies.claimId()
    const base = request.name ?? `${experiment.id}-study-${shortRunId(studyId.slice('study-'.length))}`
    const runIds: string[] = []
    const paramsOf = new Map<string, RunParams>()
    for (const run of plan.runs) {
      const params: RunParams = { config: run.config, seed, data, backend: request.backend ?? null }
      const meta = store.createRun({
        experiment: experiment.id,
        preset: plan.preset,
        name: `${base} ${combinationLabel(run.values)}`,
        seed,
        params: params as unknown as Record<string, unknown>,
        study: studyId,
      })
      runIds.push(meta.id)
      paramsOf.set(meta.id, params)
    }
    const record: StudyRecord = {
      id: studyId,
      name: base,
      createdAt: new Date().toISOString(),
      experiment: experiment.id,
      preset: plan.preset,
      set: plan.set,
      sweep: plan.axes,
      seed,
      data,
      backend: request.backend ?? null,
      parallel: plan.parallel,
      runIds,
      combinations: plan.runs.map((r) => r.values),
      ...(remote ? { queue: remote.label } : {}),
    }
    studies.write(record)
    for (const id of runIds) this.hooks.emit({ type: 'run-status', runId: id, status: 'queued', error: null })
    // On a queue every run is handed over at once: the workers' concurrency decides how many train.
    const queue = new StudyQueue(runIds, remote ? runIds.length : plan.parallel, {
      // A run cancelled while it waited (from any process) is skipped.
      start: (id) =>
        store.readMeta(id).status !== 'queued' ? Promise.resolve() : remote ? remote.submit(id) : this.hooks.launch(id, paramsOf.get(id)!),
      cancel: (id) => this.hooks.cancelRun(id),
      dropped: (id, reason) => this.drop(id, reason === null ? 'cancelled' : 'failed', reason),
    })
    this.queues.set(studyId, queue)
    if (remote) this.onQueue.add(studyId)
    void queue.done.then(() => {
      this.queues.delete(studyId)
      this.onQueue.delete(studyId)
    })
    return this.get(studyId)
  }

  /** Resolves when every run of a study this process runs has ended. */
  wait(studyId: string): Promise<StudyDetail> {
    const queue = this.queues.get(studyId)
    return (queue ? queue.done : Promise.resolve()).then(() => this.get(studyId))
  }

  /** For a study on a queue: applies what its workers did while no process here followed them. */
  async collect(query: string): Promise<void> {
    const record = this.hooks.studies.read(this.hooks.studies.resolve(query))
    if (!record.queue || !this.hooks.queueOf) return
    const remote = await this.hooks.queueOf(record.queue)
    await remote?.adopt(record.runIds)
  }

  list(): StudySummary[] {
    return this.hooks.studies.list().map((record) => ({ ...record, statuses: countStatuses(this.runsOf(record)) }))
  }

  get(query: string): StudyDetail {
    const record = this.hooks.studies.read(this.hooks.studies.resolve(query))
    const runs = this.runsOf(record)
    const metrics: StudyRunMetrics[] = runs.map((run) => ({
      runId: run.id,
      name: run.name,
      status: run.status,
      values: record.combinations[record.runIds.indexOf(run.id)] ?? {},
      loss: this.metric(run.id, 'loss'),
      trainAccuracy: this.metric(run.id, 'epoch_accuracy'),
      valAccuracy: this.metric(run.id, 'val_accuracy'),
      params: this.paramsOf(run.id),
      worker: workerLabel(run) ?? undefined,
    }))
    return { ...record, statuses: countStatuses(runs), runs, table: studyTable(metrics) }
  }

  /** Queued runs never start; running ones are asked to stop. A study run elsewhere: its runs one by one. */
  async cancel(query: string): Promise<void> {
    const record = this.hooks.studies.read(this.hooks.studies.resolve(query))
    const queue = this.queues.get(record.id)
    if (queue) return queue.cancel()
    const active = this.runsOf(record).filter((r) => r.status === 'queued' || r.status === 'running')
    if (active.length === 0) throw new Error(`study ${record.id} has no queued or running runs`)
    await Promise.all(active.map((r) => this.hooks.cancelRun(r.id)))
  }

  /** The process is closing: queued runs will not start here; they stay resumable (interrupted). */
  abandonQueued(): void {
    for (const [studyId, queue] of this.queues) {
      if (this.onQueue.has(studyId)) continue
      for (const id of [...queue.queued]) this.drop(id, 'interrupted', 'Benchtop was closed before this queued run started; resume starts it')
      void queue.cancel()
    }
  }

  /** Whether `runId` is waiting in one of this process's queues. */
  isQueuedHere(runId: string): boolean {
    return [...this.queues.values()].some((q) => q.queued.includes(runId))
  }

  private drop(id: string, status: RunStatus, error: string | null): void {
    let changed = false
    try {
      this.hooks.store.updateMeta(id, (m) => {
        if (m.status !== 'queued') return {}
        changed = true
        return { status, error, endedAt: new Date().toISOString(), ownerPid: null }
      })
    } catch {
      return
    }
    if (changed) this.hooks.emit({ type: 'run-status', runId: id, status, error })
  }

  private runsOf(record: StudyRecord): RunSummary[] {
    const runs: RunSummary[] = []
    for (const id of record.runIds) {
      try {
        // getRun marks runs whose owner is gone as interrupted on the way.
        const { params: _p, metricNames: _m, checkpoints: _c, artifacts: _a, ...summary } = this.hooks.store.getRun(id)
        runs.push(summary)
      } catch {
        // Deleted (or in the trash): the study shows the runs that are left.
      }
    }
    return runs
  }

  private metric(runId: string, name: string) {
    try {
      return this.hooks.store.readMetric(runId, name)
    } catch {
      return []
    }
  }

  /** Parameters from the model summary the trainer records as its `model` sample (describeResNet). */
  private paramsOf(runId: string): number | null {
    const first = this.hooks.store.readSamples(runId, 'model')[0]?.value as { params?: unknown } | undefined
    return typeof first?.params === 'number' ? first.params : null
  }
}

function countStatuses(runs: readonly RunSummary[]): Partial<Record<RunStatus, number>> {
  const counts: Partial<Record<RunStatus, number>> = {}
  for (const r of runs) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}
