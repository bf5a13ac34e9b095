/**
 * Samples a run produced (confusion matrices, predictions, generated words) are kept as
 * `artifacts/samples/<name>.jsonl`, one record per line, so every step's output stays a timeline.
 */
import { closeSync, existsSync, mkdirSync, readdirSync, writeSync } from 'node:fs'
import { assertRealFolders, openRunFile, readRunFile } from '../store/runFiles'
import path from 'node:path'
import type { SampleRecord } from '../../shared/api'

const NAME = /^[A-Za-z0-9_.-]{1,64}$/

function sampleFile(artifactsDir: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`invalid sample name '${name}'`)
  return path.join(artifactsDir, 'samples', `${name}.jsonl`)
}

export function appendSample(artifactsDir: string, name: string, record: SampleRecord): void {
  const file = sampleFile(artifactsDir, name)
  const runDir = path.dirname(artifactsDir)
  assertRealFolders(runDir, path.dirname(file))
  mkdirSync(path.dirname(file), { recursive: true })
  const fd = openRunFile(runDir, file, 'append')
  try {
    writeSync(fd, JSON.stringify(record) + '\n')
  } finally {
    closeSync(fd)
  }
}

/** All records; a half-written last line (the process was killed mid-write) is ignored. */
export function readSampleFile(artifactsDir: string, name: string): SampleRecord[] {
  const file = sampleFile(artifactsDir, name)
  if (!existsSync(file)) return []
  const records: SampleRecord[] = []
  for (const line of readRunFile(path.dirname(artifactsDir), file).split('\n')) {
    if (!line) continue
    try {
      records.push(JSON.parse(line) as SampleRecord)
    } catch {
      // Skip a torn line.
    }
  }
  return records
}

/** Names of the run's sample files (`artifacts/samples/<name>.jsonl`), sorted. */
export function listSampleNames(artifactsDir: string): string[] {
  const dir = path.join(artifactsDir, 'samples')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .filter((n) => NAME.test(n))
    .sort()
}
