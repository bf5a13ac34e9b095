// Types of scripts/testCounts.mjs, for the unit test that imports it.
export interface SkipRecord {
  file: string
  reason: string
}
export interface SetupFailure {
  file: string
  tests: number
  message: string
}
export interface SkippedFile {
  file: string
  tests: number
  reasons: string[]
}
export interface Counts {
  passed: number
  failed: number
  skipped: number
  setupFailures: SetupFailure[]
  skips: SkippedFile[]
}
export function countVitestReport(report: unknown, skipRecords?: SkipRecord[], root?: string): Counts
export function summaryLines(counts: Pick<Counts, 'setupFailures' | 'skips'>): string[]
export function parseSkipLog(text: string): SkipRecord[]
export function lastLine(passed: number, failed: number, skipped: number): string
