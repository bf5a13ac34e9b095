/**
 * Study records: `<home>/studies/<id>.json`, one JSON file per study, written once when the study
 * starts (the runs keep their own status in their folders; each run's meta.json names its study).
 * The id is claimed by creating the file empty with O_EXCL; the record then replaces it atomically,
 * so a reader sees an empty file (skipped) or the whole record, never half of one.
 */
import { closeSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { StudyRecord } from '../../shared/api'
import { readJsonFile, writeFileAtomic } from './atomicFile'
import { errorCode, errorMessage, RunStoreError } from './errors'
import { isSafeRunId, newRunId } from './runId'

export class StudyNotFoundError extends RunStoreError {
  constructor(id: string, dir: string) {
    super(`no study '${id}' in ${dir}`)
    this.name = 'StudyNotFoundError'
  }
}

/** Why parsed JSON is not a study record, or null if it is one. */
export function studyRecordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object'
  const r = value as Partial<StudyRecord>
  for (const key of ['id', 'name', 'createdAt', 'experiment', 'preset'] as const) {
    if (typeof r[key] !== 'string') return `has no text field '${key}'`
  }
  if (!Array.isArray(r.runIds) || !r.runIds.every((id) => typeof id === 'string')) return "has no list of run ids 'runIds'"
  if (!Array.isArray(r.combinations) || r.combinations.length !== r.runIds.length) return "'combinations' must have one entry per run id"
  if (!Array.isArray(r.sweep)) return "has no 'sweep' list"
  if (typeof r.seed !== 'number') return "has no numeric 'seed'"
  return null
}

export class StudyStore {
  readonly dir: string

  constructor(
    readonly home: string,
    private readonly onProblem?: (file: string, message: string) => void,
  ) {
    this.dir = join(home, 'studies')
  }

  private file(id: string): string {
    if (!isSafeRunId(id)) throw new StudyNotFoundError(id, this.dir)
    return join(this.dir, `${id}.json`)
  }

  /**
   * Claims a fresh study id by creating its file empty with O_EXCL (fails if the name is taken, so
   * two processes never share an id); `write` then fills it. Readers skip an empty file.
   */
  claimId(now = new Date()): string {
    mkdirSync(this.dir, { recursive: true })
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = `study-${newRunId(now)}`
      try {
        closeSync(openSync(this.file(id), 'wx'))
        return id
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error
      }
    }
    throw new RunStoreError(`could not find a free study id in ${this.dir} after 100 tries`)
  }

  /** Replaces the record atomically (temporary file, fsync, rename). */
  write(record: StudyRecord): void {
    writeFileAtomic(this.file(record.id), JSON.stringify(record, null, 2) + '\n')
  }

  read(id: string): StudyRecord {
    const file = this.file(id)
    let parsed: unknown
    try {
      parsed = readJsonFile(file)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new StudyNotFoundError(id, this.dir)
      throw new RunStoreError(errorMessage(error))
    }
    const problem = studyRecordProblem(parsed)
    if (problem) throw new RunStoreError(`${file} ${problem}`)
    return { ...(parsed as StudyRecord), id }
  }

  /** Every readable study, newest first; unreadable files are reported and skipped. */
  list(): StudyRecord[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return []
      throw error
    }
    const out: StudyRecord[] = []
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue
      if (statSync(join(this.dir, name), { throwIfNoEntry: false })?.size === 0) continue
      try {
        out.push(this.read(name.slice(0, -'.json'.length)))
      } catch (error) {
        this.onProblem?.(join(this.dir, name), errorMessage(error))
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1))
  }

  /** A study id, or a unique prefix of one (with or without the `study-` in front). */
  resolve(query: string): string {
    const ids = this.list().map((s) => s.id)
    if (ids.includes(query)) return query
    const matches = ids.filter((id) => id.startsWith(query) || id.startsWith(`study-${query}`))
    if (matches.length === 1) return matches[0]
    if (matches.length > 1) throw new RunStoreError(`'${query}' matches ${matches.length} studies: ${matches.slice(0, 5).join(', ')}`)
    throw new StudyNotFoundError(query, this.dir)
  }
}
