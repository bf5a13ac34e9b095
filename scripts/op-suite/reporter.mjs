/**
 * The jasmine side both op suites share (bundled with the test files): runs the selected specs,
 * prints each failure as it happens and counts passed, failed, excluded and pending specs.
 */

const firstLine = (text, max = 400) => {
  const line = String(text ?? '').split('\n')[0]
  return line.length > max ? line.slice(0, max) + '...' : line
}

/**
 * @param {{ describes: string[], classify: (fullName: string) => ({ describe: string, excluded: boolean } | null),
 *   counts: { passed: number, failed: number, excluded: number, pending: number }, grep?: string,
 *   log: (line: string) => void, missingHint: string, checkMissing: boolean }} options
 *   classify: which selected describe block a spec belongs to (null: not selected); checkMissing:
 *   fail when a selected describe block ran no spec (renamed or removed in tfjs-core).
 */
export async function executeSpecs({ describes, classify, counts, grep, log, missingHint, checkMissing }) {
  const env = jasmine.getEnv()
  if (grep) {
    const { specFilter } = env.configuration()
    env.configure({ specFilter: (spec) => specFilter(spec) && spec.getFullName().includes(grep) })
  }
  const fail = (what, expectations) => {
    counts.failed += 1
    log(`FAIL ${what}`)
    for (const e of expectations) log(`    ${firstLine(e.message)}`)
  }
  /** Specs seen per selected describe block. */
  const seen = new Map(describes.map((d) => [d, 0]))
  env.addReporter({
    specDone(result) {
      const spec = classify(result.fullName)
      if (!spec) return
      seen.set(spec.describe, seen.get(spec.describe) + 1)
      if (result.status === 'excluded') counts.excluded += spec.excluded ? 1 : 0
      else if (result.status === 'passed') counts.passed += 1
      else if (result.status === 'pending') counts.pending += 1
      else fail(result.fullName, result.failedExpectations)
    },
    suiteDone(result) {
      if (result.failedExpectations?.length) fail(`${result.fullName} (in beforeAll/afterAll)`, result.failedExpectations)
    },
    jasmineDone(result) {
      if (result.failedExpectations?.length) fail('the suite as a whole', result.failedExpectations)
    },
  })
  await env.execute()
  const missing = [...seen].filter(([, n]) => n === 0).map(([d]) => d)
  if (missing.length && checkMissing) fail(`describe blocks with no specs in this tfjs-core: ${missing.join(', ')} (${missingHint})`, [])
  return counts
}
