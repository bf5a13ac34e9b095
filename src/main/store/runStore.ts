/**
 * The run store: every run is a folder under `<home>/runs/` that a person can read with `cat` and
 * `ls` (see README.md in this folder for the layout). Nothing is cached in memory; several processes
 * (the app, the command line) use the same folders at once, so every call reads from disk.
 */
import { closeSync, existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { CheckpointInfo, EmptiedTrash, ImageRecord, MetricPoint, RunDetail, RunMeta, RunSummary, SampleRecord, TrashUsage } from '../../shared/api'
import { writeAll, writeFileAtomic } from './atomicFile'
import { errorCode, errorMessage, RunNotFoundError, RunStoreError } from './errors'
import { withFileLock } from './fileLock'
import { appendMetricPoints, assertMetricName, listMetricNames, metricFileName, readMetricPoints } from './metricFile'
import { isProcessAlive } from './processAlive'
import { checkpointFolder, chooseCheckpoint, listArtifacts, listCheckpoints, removePartialCheckpoints } from './runContents'
import { assertRealFolders, openRunFile, readRunFileTail } from './runFiles'
import { readImageBytes, readImageIndex } from './runImages'
import { appendSample, listSampleNames, readSampleFile } from './runSamples'
import { isSafeRunId, shortRunId } from './runId'
import { interruptionReason, isActive, newRunMeta, type NewRunInit } from './runMeta'
import { claimRunId, readMetaFile, readParamsFile, writeParamsFile } from './runRecordFiles'
import { scanRuns, type ScannedRuns } from './runScan'
import { resolveRunIdAmong } from './resolveRunId'
import { folderNames, latestPointsIn, pick, sortNewestFirst, summarize, toJson } from './runFolders'
import { emptyTrash, moveToTrash, purgeTrash, restoreFromTrash, trashUsage } from './runTrash'
import { folderUsage, type FolderUsage } from './diskUsage'
import { copyCheckpoint } from './runFork'

export type ProblemListener = (dir: string, message: string) => void

export interface RunStoreOptions {
  /** Told about run folders that cannot be listed (missing or broken meta.json); they are skipped. */
  onProblem?: ProblemListener
  /** How long updateMeta waits for another process's lock before failing. */
  lockWaitMs?: number
}

export class RunStore {
  readonly runsDir: string
  readonly trashDir: string

  constructor(
    readonly home: string,
    private readonly options: RunStoreOptions = {},
  ) {
    this.runsDir = join(home, 'runs')
    this.trashDir = join(this.runsDir, '.trash')
  }

  /** The store a run folder (`<home>/runs/<id>`) belongs to, and the run's id. */
  static ofRunDir(runDir: string, options: RunStoreOptions = {}): { store: RunStore; id: string } {
    const resolved = resolve(runDir)
    return { store: new RunStore(dirname(dirname(resolved)), options), id: basename(resolved) }
  }

  runDir(id: string): string {
    if (!isSafeRunId(id)) throw new RunNotFoundError(id, this.runsDir, 'not a valid run id')
    return join(this.runsDir, id)
  }
  checkpointsDir(id: string): string {
    return join(this.runDir(id), 'checkpoints')
  }
  artifactsDir(id: string): string {
    return join(this.runDir(id), 'artifacts')
  }
  logPath(id: string): string {
    return join(this.runDir(id), 'log.txt')
  }

  createRun(init: NewRunInit): RunMeta {
    mkdirSync(this.runsDir, { recursive: true })
    const now = new Date()
    const id = claimRunId(this.runsDir, this.trashDir, now)
    const dir = join(this.runsDir, id)
    for (const sub of ['metrics', 'checkpoints', 'artifacts']) mkdirSync(join(dir, sub))
    // params.json goes first: a folder with a meta.json then always has its params as well.
    this.writeParams(id, init.params)
    const meta = newRunMeta(id, init.name ?? `${init.experiment}-${shortRunId(id)}`, init, now)
    writeFileAtomic(join(dir, 'meta.json'), toJson(meta))
    return meta
  }

  /** The resolved config is the record of what was run, so it is written once and never changed. */
  writeParams(id: string, params: Record<string, unknown>): void {
    writeParamsFile(this.existingRunDir(id), id, params)
  }

  readParams(id: string): Record<string, unknown> {
    return readParamsFile(this.existingRunDir(id))
  }

  readMeta(id: string): RunMeta {
    return readMetaFile(this.runDir(id), id, this.runsDir)
  }

  /**
   * Read-modify-write of meta.json under the run's meta.lock, so that concurrent updates from
   * several processes are applied one after the other and none is lost. Pass a function to compute
   * the change from the current meta (e.g. a counter); it runs while the lock is held, so keep it
   * short and do not call updateMeta for the same run inside it.
   */
  updateMeta(id: string, patch: Partial<RunMeta> | ((meta: RunMeta) => Partial<RunMeta>)): RunMeta {
    const dir = this.existingRunDir(id)
    const update = (): RunMeta => {
      const current = this.readMeta(id)
      const changes = typeof patch === 'function' ? patch(current) : patch
      if (changes.id !== undefined && changes.id !== id) {
        throw new RunStoreError(`cannot change the id of run '${id}' (the id is its folder name)`)
      }
      if (Object.keys(changes).length === 0) return current
      const next: RunMeta = { ...current, ...changes, id }
      writeFileAtomic(join(dir, 'meta.json'), toJson(next))
      return next
    }
    return withFileLock(join(dir, 'meta.lock'), update, { waitMs: this.options.lockWaitMs })
  }

  /** Only the process that owns a run appends to its metrics (see metricFile.ts for why). */
  appendMetric(id: string, name: string, points: MetricPoint[]): void {
    assertMetricName(name)
    const runDir = this.existingRunDir(id)
    const dir = join(runDir, 'metrics')
    assertRealFolders(runDir, dir)
    mkdirSync(dir, { recursive: true })
    appendMetricPoints(runDir, join(dir, metricFileName(name)), points)
  }

  readMetric(id: string, name: string): MetricPoint[] {
    assertMetricName(name)
    const runDir = this.existingRunDir(id)
    return readMetricPoints(runDir, join(runDir, 'metrics', metricFileName(name)))
  }

  metricNames(id: string): string[] {
    const runDir = this.existingRunDir(id)
    assertRealFolders(runDir, join(runDir, 'metrics'))
    return listMetricNames(join(runDir, 'metrics'))
  }

  /** Appends to the run's log.txt (never through a link: see runFiles.ts). */
  appendLog(id: string, text: string): void {
    const runDir = this.existingRunDir(id)
    const fd = openRunFile(runDir, join(runDir, 'log.txt'), 'append')
    try {
      writeAll(fd, Buffer.from(text, 'utf8'))
    } finally {
      closeSync(fd)
    }
  }

  /** The end of the run's log.txt, at most `maxBytes`; '' when there is none. */
  readLogTail(id: string, maxBytes: number): string {
    const runDir = this.existingRunDir(id)
    return readRunFileTail(runDir, join(runDir, 'log.txt'), maxBytes)
  }

  /**
   * Checks a stopped run before a training process is let loose on its folder: the folders it
   * writes are real folders of this run, its files are not links, and `lastCheckpoint` names a
   * complete checkpoint of this run. Returns the checkpoint's folder (null without one).
   */
  checkBeforeResume(id: string, lastCheckpoint: string | null): string | null {
    const runDir = this.existingRunDir(id)
    for (const sub of ['metrics', 'checkpoints', 'artifacts']) assertRealFolders(runDir, join(runDir, sub))
    for (const file of ['meta.json', 'params.json', 'log.txt']) {
      try {
        closeSync(openRunFile(runDir, join(runDir, file), 'read'))
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error
      }
    }
    if (lastCheckpoint === null) return null
    return checkpointFolder(this.checkpointsDir(id), lastCheckpoint)
  }

  /**
   * Removes `checkpoints/.tmp-*` folders: checkpoints a trainer started and never finished (killed,
   * or the disk was full). Only call it while no process trains the run.
   */
  removePartialCheckpoints(id: string): string[] {
    return removePartialCheckpoints(this.checkpointsDir(id))
  }

  /** Latest value of every metric, from the last line of each file. */
  latestMetrics(id: string): Record<string, number> {
    return pick(latestPointsIn(this.existingRunDir(id)), 'value')
  }

  /** Step of the last point of every metric: how far the run really got, as far as its files tell. */
  latestSteps(id: string): Record<string, number> {
    return pick(latestPointsIn(this.existingRunDir(id)), 'step')
  }

  /**
   * A fork's start: copies checkpoint `name` of run `fromId` into run `toId` (a new run, not yet
   * started) and records it there as the last checkpoint, the progress it stands for, and the parent.
   */
  forkCheckpoint(fromId: string, name: string, toId: string): CheckpointInfo {
    const checkpoint = copyCheckpoint(this.existingRunDir(fromId), name, this.checkpointsDir(this.existingRunId(toId)))
    this.updateMeta(toId, {
      lastCheckpoint: checkpoint.name,
      step: checkpoint.step,
      epoch: checkpoint.epoch,
      parent: { runId: fromId, checkpoint: checkpoint.name, step: checkpoint.step, epoch: checkpoint.epoch },
    })
    return checkpoint
  }

  /** Complete checkpoints, oldest first (half-written ones left out). */
  checkpoints(id: string): CheckpointInfo[] {
    return listCheckpoints(this.checkpointsDir(this.existingRunId(id)))
  }

  /**
   * The one checkpoint choice: `wanted` is a checkpoint name (`epoch-0003`) or an epoch number;
   * without it the run's latest (meta's lastCheckpoint, else the newest complete one). Throws,
   * naming the ones there are, when it does not exist.
   */
  latestCheckpoint(id: string, wanted?: string): CheckpointInfo & { dir: string } {
    const meta = this.readMeta(id)
    return chooseCheckpoint(id, this.checkpointsDir(id), this.checkpoints(id), meta.lastCheckpoint, wanted)
  }

  /** Records of `artifacts/samples/<name>.jsonl` (confusion matrices, predictions, words), oldest first. */
  readSamples(id: string, name: string): SampleRecord[] {
    return readSampleFile(this.artifactsDir(this.existingRunId(id)), name)
  }

  /** Names of the run's samples (`readSamples` reads one). */
  sampleNames(id: string): string[] {
    return listSampleNames(this.artifactsDir(this.existingRunId(id)))
  }

  /** Only the process that owns a run appends its samples. */
  appendSample(id: string, name: string, record: SampleRecord): void {
    appendSample(this.artifactsDir(this.existingRunId(id)), name, record)
  }

  /** The images the run wrote (`artifacts/images/index.jsonl`), by step. */
  listImages(id: string): ImageRecord[] {
    return readImageIndex(this.artifactsDir(this.existingRunId(id)))
  }

  /** One image the index names, checked (regular file, size, PNG); see runImages.ts. */
  readImage(id: string, file: string): Buffer {
    return readImageBytes(this.artifactsDir(this.existingRunId(id)), file)
  }

  /** Runs newest first. Active runs whose owner process is gone are marked interrupted on the way. */
  listRuns(options: { includeTrash?: boolean } = {}): RunSummary[] {
    const { runs, unreadable } = this.scan(this.runsDir)
    const readable = runs.map(({ meta, dir }) => summarize(this.settle(meta), dir))
    const trashed = options.includeTrash ? this.listTrash() : []
    return sortNewestFirst([...readable, ...unreadable, ...trashed])
  }

  /** Mark every run that can no longer finish as interrupted; returns their ids. */
  markInterruptedRuns(): string[] {
    const marked: string[] = []
    for (const { meta } of this.readAll(this.runsDir)) {
      if (interruptionReason(meta) !== null && this.settle(meta).status === 'interrupted') marked.push(meta.id)
    }
    return marked
  }

  getRun(id: string): RunDetail {
    const dir = this.runDir(id)
    const meta = this.settle(this.readMeta(id))
    return {
      ...summarize(meta, dir),
      params: this.readParams(id),
      metricNames: this.metricNames(id),
      checkpoints: listCheckpoints(this.checkpointsDir(id)),
      artifacts: listArtifacts(this.artifactsDir(id)),
    }
  }

  /**
   * Deleting moves the folder to runs/.trash/ (a trashed run with the same id is replaced), so a
   * mistake can be undone with restoreRun. A run some live process is working on is refused. A
   * folder with a broken meta.json can still be deleted.
   */
  deleteRun(id: string): void {
    this.existingRunDir(id)
    let meta: RunMeta | null
    try {
      meta = this.readMeta(id)
    } catch {
      meta = null
    }
    if (meta && isActive(meta)) {
      if (isProcessAlive(meta.ownerPid)) {
        throw new RunStoreError(
          `run '${id}' is ${meta.status} (owned by pid ${meta.ownerPid}); cancel it before deleting it`,
        )
      }
      this.settle(meta)
    }
    moveToTrash(this.runsDir, this.trashDir, id)
  }

  /** Bring a run back from the trash; refused if a run with its id exists outside the trash. */
  restoreRun(id: string): void {
    restoreFromTrash(this.runsDir, this.trashDir, id)
  }

  listTrash(): RunSummary[] {
    const { runs, unreadable } = this.scan(this.trashDir)
    return sortNewestFirst([...runs.map(({ meta, dir }) => summarize(meta, dir)), ...unreadable])
  }

  /** Delete for good one trashed run, or all of them; returns the ids removed. */
  purgeTrash(id?: string): string[] {
    return purgeTrash(this.trashDir, id)
  }

  /** What the trash holds, per run and in all. */
  trashUsage(): TrashUsage {
    return trashUsage(this.trashDir)
  }

  /** Delete every trashed run for good; the ids and the bytes freed. */
  emptyTrash(): EmptiedTrash {
    return emptyTrash(this.trashDir)
  }

  /** A run's size on disk (its regular files, links not followed), in the runs or the trash. */
  runUsage(id: string): FolderUsage {
    const dir = this.runDir(id)
    if (existsSync(dir)) return folderUsage(dir)
    const trashed = join(this.trashDir, id)
    if (existsSync(trashed)) return folderUsage(trashed)
    throw new RunNotFoundError(id, this.runsDir)
  }

  /** Exact id, unique id prefix or unique run name, for the command line. */
  resolveRunId(query: string): string {
    const identities = (parent: string) =>
      folderNames(parent).map((id) => ({ id, name: this.tryReadName(parent, id) }))
    return resolveRunIdAmong(query, identities(this.runsDir), identities(this.trashDir), this.runsDir)
  }

  private tryReadName(parent: string, id: string): string {
    try {
      return readMetaFile(join(parent, id), id, parent).name
    } catch {
      return ''
    }
  }

  private existingRunId(id: string): string {
    this.existingRunDir(id)
    return id
  }

  private existingRunDir(id: string): string {
    const dir = this.runDir(id)
    if (!existsSync(dir)) throw new RunNotFoundError(id, this.runsDir)
    assertRealFolders(this.runsDir, dir)
    return dir
  }

  /** Every readable run under `parent`. */
  private readAll(parent: string): { meta: RunMeta; dir: string }[] {
    return this.scan(parent).runs
  }

  /** The runs under `parent`, and the folders that cannot be read (runScan.ts), told to `onProblem`. */
  private scan(parent: string): ScannedRuns {
    return scanRuns(parent, this.options.onProblem)
  }

  /**
   * If the run can no longer finish, mark it interrupted. The condition is checked again under the
   * lock, because the owner may have finished the run since `meta` was read. Listing must not fail
   * because one run is locked or was deleted meanwhile, so errors are reported and the meta kept.
   */
  private settle(meta: RunMeta): RunMeta {
    if (interruptionReason(meta) === null) return meta
    try {
      return this.updateMeta(meta.id, (current) => {
        const reason = interruptionReason(current)
        return reason === null ? {} : { status: 'interrupted', error: reason }
      })
    } catch (error) {
      // Shown as interrupted all the same (a dead owner will never finish it); written next time.
      this.options.onProblem?.(join(this.runsDir, meta.id), `could not mark run interrupted: ${errorMessage(error)}`)
      const reason = interruptionReason(meta)
      return reason === null ? meta : { ...meta, status: 'interrupted', error: reason }
    }
  }
}
