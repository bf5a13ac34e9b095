/**
 * Samples a run produced (confusion matrices, predictions, generated words) are kept as
 * `artifacts/samples/<name>.jsonl`, one record per line, so every step's output stays a timeline.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { SampleRecord } from '../../shared/api'

const NAME = /^[A-Za-z0-9_.-]{1,64}$/

function sampleFile(artifactsDir: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`invalid sample name '${name}'`)
  return path.join(artifactsDir, 'samples', `${name}.jsonl`)
}

export function appendSample(artifactsDir: string, name: string, record: SampleRecord): void {
  const file = sampleFile(artifactsDir, name)
  mkdirSync(path.dirname(file), { recursive: true })
  appendFileSync(file, JSON.stringify(record) + '\n')
}

/** All records; a half-written last line (the process was killed mid-write) is ignored. */
export function readSampleFile(artifactsDir: string, name: string): SampleRecord[] {
  const file = sampleFile(artifactsDir, name)
  if (!existsSync(file)) return []
  const records: SampleRecord[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue
    try {
      records.push(JSON.parse(line) as SampleRecord)
    } catch {
      // Skip a torn line.
    }
  }
  return records
}
