/**
 * Skips that say why, and that CI does not accept.
 *
 * `skipUnless(available, reason)` is the condition for `describe.skipIf` / `it.skipIf`:
 *
 * - available: returns false (nothing is skipped).
 * - missing, outside CI: records the reason (scripts/test.mjs prints every recorded reason above
 *   its last line) and returns true.
 * - missing, under CI=true: registers a failing test named after the reason in the suite being
 *   collected (so the run fails and says what is missing; the other tests of the file still run)
 *   and returns true, so the tests that need it do not run into an obscure error instead.
 */
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')

/** True when the tests run under CI (CI=true, as CI services set it): missing prerequisites fail. */
export function underCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase()
  return ci === 'true' || ci === '1'
}

export function skipUnless(available: boolean, reason: string): boolean {
  if (available) return false
  if (underCi()) {
    it(`needs what is missing (CI=true fails instead of skipping): ${reason}`, () => {
      throw new Error(`CI=true: ${reason}`)
    })
    return true
  }
  recordSkip(reason)
  return true
}

/** Appends {file, reason} to $BENCHTOP_SKIP_LOG (set by scripts/test.mjs), else prints the reason. */
export function recordSkip(reason: string, file = callerFile()): void {
  const log = process.env.BENCHTOP_SKIP_LOG
  if (!log) {
    console.warn(`skipped (${file}): ${reason}`)
    return
  }
  // One short line per append: concurrent workers' lines do not interleave.
  appendFileSync(log, JSON.stringify({ file, reason }) + '\n')
}

/** The test file that called in: the first stack frame under tests/ outside tests/helpers/. */
function callerFile(): string {
  const helpers = path.join(ROOT, 'tests', 'helpers') + path.sep
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /(\/[^\s():]+\.(?:ts|mts|js|mjs)):\d+/.exec(line.replace('file://', ''))
    if (!match) continue
    const file = match[1]
    if (file.startsWith(path.join(ROOT, 'tests') + path.sep) && !file.startsWith(helpers) && !file.endsWith(path.join('native', 'helpers.ts')) && !file.endsWith(path.join('srgan', 'python.ts'))) {
      return path.relative(ROOT, file)
    }
  }
  return 'tests (unknown file)'
}
