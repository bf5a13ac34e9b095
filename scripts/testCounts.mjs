// Pure counting behind `npm test`'s last line (scripts/test.mjs): vitest's JSON report plus the
// skip reasons the suites recorded (tests/helpers/skip.ts), turned into passed / failed / skipped
// and the lines that explain the skips and the failed set-ups. No files, no processes: unit-tested
// on fabricated reports in tests/scripts/testCounts.test.ts.
import path from 'node:path'

/**
 * Counts one vitest JSON report (`--reporter=json`).
 *
 * - A file that failed to load has no tests: it counts as one failure.
 * - A file whose status is "failed" while none of its tests failed had a hook fail (a
 *   `beforeAll` doing the real work): vitest marks that suite's tests "skipped". Those tests
 *   count as failed, not skipped (the JSON report does not say which describe the hook belonged
 *   to, so every skipped test of that file counts; at least one failure per such file).
 * - A failed file with failed tests and skipped tests for which no reason was recorded: the
 *   skipped ones count as failed too (a hook of another describe failed).
 * - Every other skipped ("skipped", "pending", "todo") test counts as skipped, grouped by file
 *   with the reasons recorded for that file.
 *
 * @param {any} report vitest's JSON report
 * @param {Array<{ file: string, reason: string }>} skipRecords reasons recorded by tests/helpers/skip.ts
 * @param {string} root the repository root, to print file names relative to it
 */
export function countVitestReport(report, skipRecords = [], root = '') {
  const rel = (file) => (root && path.isAbsolute(file) ? path.relative(root, file) : file)
  let passed = 0
  let failed = 0
  let skipped = 0
  const setupFailures = []
  const skips = []
  for (const file of report.testResults ?? []) {
    const name = rel(file.name)
    const results = file.assertionResults ?? []
    const count = (states) => results.filter((r) => states.includes(r.status)).length
    const filePassed = count(['passed'])
    const fileFailed = count(['failed'])
    const fileSkipped = count(['skipped', 'pending', 'todo', 'disabled'])
    passed += filePassed
    failed += fileFailed
    const reasons = unique(skipRecords.filter((r) => sameFile(rel(r.file), name)).map((r) => r.reason))
    if (file.status === 'failed' && fileFailed > 0 && fileSkipped > 0 && reasons.length === 0) {
      // A failed test and tests skipped for no recorded reason: a hook of another describe failed.
      failed += fileSkipped
      setupFailures.push({ file: name, tests: fileSkipped, message: 'tests skipped without a recorded reason in a failed file (a beforeAll hook failed?)' })
      continue
    }
    if (file.status === 'failed' && fileFailed === 0) {
      // Failed to load (no tests at all) or a hook failed (its tests were never run).
      const lost = Math.max(fileSkipped, 1)
      failed += lost
      setupFailures.push({ file: name, tests: fileSkipped, message: firstLine(file.message) || (results.length === 0 ? 'the file failed to load' : 'a beforeAll/afterAll hook failed (see the output above)') })
      continue
    }
    if (fileSkipped > 0) {
      skipped += fileSkipped
      skips.push({ file: name, tests: fileSkipped, reasons })
    }
  }
  return { passed, failed, skipped, setupFailures, skips }
}

/**
 * The lines printed before the last one: why each skipped file was skipped, and which files
 * lost their tests to a failed set-up.
 * @param {{ setupFailures: Array<{ file: string, tests: number, message: string }>, skips: Array<{ file: string, tests: number, reasons: string[] }> }} counts
 */
export function summaryLines(counts) {
  const lines = []
  for (const f of counts.setupFailures) {
    const lost = f.tests > 0 ? `${f.tests} test${f.tests === 1 ? '' : 's'} not run, counted as failed` : 'counted as 1 failure'
    lines.push(`set-up failed: ${f.file} (${lost}): ${f.message}`)
  }
  for (const s of counts.skips) {
    const reasons = s.reasons.length > 0 ? s.reasons.join('; ') : 'no reason recorded (skip through skipUnless in tests/helpers/skip.ts)'
    lines.push(`skipped: ${s.file} (${s.tests} test${s.tests === 1 ? '' : 's'}): ${reasons}`)
  }
  return lines
}

/** Parses the skip log (one JSON object a line); ignores lines that do not parse. */
export function parseSkipLog(text) {
  const records = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      const r = JSON.parse(line)
      if (typeof r.file === 'string' && typeof r.reason === 'string') records.push({ file: r.file, reason: r.reason })
    } catch {
      // a torn line: ignore it
    }
  }
  return records
}

/** The last line of `npm test`. */
export function lastLine(passed, failed, skipped) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
}

function firstLine(text) {
  return String(text ?? '').split('\n').find((l) => l.trim().length > 0)?.trim() ?? ''
}

function unique(list) {
  return [...new Set(list)]
}

function sameFile(a, b) {
  return path.normalize(a) === path.normalize(b)
}
