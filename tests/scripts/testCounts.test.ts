/**
 * The counting behind `npm test`'s last line (scripts/testCounts.mjs), on fabricated vitest JSON
 * reports shaped like the ones vitest 4 writes (a failed beforeAll leaves its tests "skipped" in
 * a file whose status is "failed", with an empty message when the hook was inside a describe).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { countVitestReport, lastLine, parseSkipLog, summaryLines } from '../../scripts/testCounts.mjs'
import { recordSkip } from '../helpers/skip'

const ROOT = '/repo'
const test = (title: string, status: string) => ({ ancestorTitles: [], fullName: title, title, status, failureMessages: status === 'failed' ? ['boom'] : [] })
const file = (name: string, status: string, tests: ReturnType<typeof test>[], message = '') => ({ name: `${ROOT}/${name}`, status, message, assertionResults: tests })
const report = (...files: ReturnType<typeof file>[]) => ({ testResults: files })

describe('countVitestReport', () => {
  it('counts passed, failed and skipped tests of healthy files', () => {
    const counts = countVitestReport(
      report(file('tests/a.test.ts', 'passed', [test('a', 'passed'), test('b', 'passed'), test('c', 'skipped')]), file('tests/b.test.ts', 'failed', [test('d', 'failed'), test('e', 'passed')])),
      [],
      ROOT,
    )
    expect(counts).toMatchObject({ passed: 3, failed: 1, skipped: 1, setupFailures: [] })
    expect(counts.skips).toEqual([{ file: 'tests/a.test.ts', tests: 1, reasons: [] }])
  })

  it('counts the tests of a file whose beforeAll failed as failed, not skipped', () => {
    // A describe-level beforeAll: status failed, empty message, its tests "skipped".
    const inDescribe = file('tests/cli/run.e2e.test.ts', 'failed', [test('other', 'passed'), test('one', 'skipped'), test('two', 'skipped')])
    // A file-level beforeAll: the message is the hook's error.
    const atTop = file('tests/predict/predict.e2e.test.ts', 'failed', [test('x', 'skipped'), test('y', 'pending')], 'Error: expected 0 to be 1\n    at stack')
    const counts = countVitestReport(report(inDescribe, atTop), [], ROOT)
    expect(counts).toMatchObject({ passed: 1, failed: 4, skipped: 0, skips: [] })
    expect(counts.setupFailures).toEqual([
      { file: 'tests/cli/run.e2e.test.ts', tests: 2, message: 'a beforeAll/afterAll hook failed (see the output above)' },
      { file: 'tests/predict/predict.e2e.test.ts', tests: 2, message: 'Error: expected 0 to be 1' },
    ])
  })

  it('counts a file that failed to load, or whose afterAll failed after passing tests, as one failure', () => {
    const counts = countVitestReport(
      report(file('tests/broken.test.ts', 'failed', [], 'SyntaxError: bad'), file('tests/after.test.ts', 'failed', [test('p', 'passed')])),
      [],
      ROOT,
    )
    expect(counts).toMatchObject({ passed: 1, failed: 2, skipped: 0 })
    expect(counts.setupFailures.map((f) => [f.file, f.tests, f.message])).toEqual([
      ['tests/broken.test.ts', 0, 'SyntaxError: bad'],
      ['tests/after.test.ts', 0, 'a beforeAll/afterAll hook failed (see the output above)'],
    ])
  })

  it('counts unexplained skips beside a failed test as failed (another describe\'s beforeAll), explained ones as skipped', () => {
    const failedFile = () => file('tests/c.test.ts', 'failed', [test('f', 'failed'), test('s', 'skipped')])
    const unexplained = countVitestReport(report(failedFile()), [], ROOT)
    expect(unexplained).toMatchObject({ passed: 0, failed: 2, skipped: 0 })
    expect(unexplained.setupFailures.map((f) => f.file)).toEqual(['tests/c.test.ts'])
    const explained = countVitestReport(report(failedFile()), [{ file: 'tests/c.test.ts', reason: 'no chromium' }], ROOT)
    expect(explained).toMatchObject({ passed: 0, failed: 1, skipped: 1, setupFailures: [] })
  })

  it('attaches each recorded reason to its file, once', () => {
    const records = [
      { file: 'tests/e2e/app.e2e.test.ts', reason: 'Chromium is not installed' },
      { file: 'tests/e2e/app.e2e.test.ts', reason: 'Chromium is not installed' },
      { file: 'tests/datasets/idx.test.ts', reason: 'Fashion-MNIST is not installed' },
    ]
    const counts = countVitestReport(
      report(
        file('tests/e2e/app.e2e.test.ts', 'skipped', [test('a', 'skipped'), test('b', 'skipped')]),
        file('tests/datasets/idx.test.ts', 'passed', [test('c', 'passed'), test('d', 'skipped')]),
        file('tests/quiet.test.ts', 'passed', [test('e', 'todo')]),
      ),
      records,
      ROOT,
    )
    expect(counts.skipped).toBe(4)
    expect(summaryLines(counts)).toEqual([
      'skipped: tests/e2e/app.e2e.test.ts (2 tests): Chromium is not installed',
      'skipped: tests/datasets/idx.test.ts (1 test): Fashion-MNIST is not installed',
      'skipped: tests/quiet.test.ts (1 test): no reason recorded (skip through skipUnless in tests/helpers/skip.ts)',
    ])
  })

  it('lists failed set-ups before skips', () => {
    const counts = countVitestReport(report(file('tests/s.test.ts', 'passed', [test('a', 'skipped')]), file('tests/f.test.ts', 'failed', [test('b', 'skipped')], 'setup broke')), [], ROOT)
    expect(summaryLines(counts)).toEqual([
      'set-up failed: tests/f.test.ts (1 test not run, counted as failed): setup broke',
      'skipped: tests/s.test.ts (1 test): no reason recorded (skip through skipUnless in tests/helpers/skip.ts)',
    ])
  })
})

describe('the last line and the skip log', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('keeps `N passed, N failed` and adds skipped only when there are some', () => {
    expect(lastLine(12, 0, 0)).toBe('12 passed, 0 failed')
    expect(lastLine(12, 3, 2)).toBe('12 passed, 3 failed, 2 skipped')
  })

  it('reads back what recordSkip appended, ignoring a torn line', () => {
    const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'benchtop-skips-')), 'skips.jsonl')
    vi.stubEnv('BENCHTOP_SKIP_LOG', log)
    recordSkip('no chromium')
    recordSkip('no data', 'tests/other.test.ts')
    const text = readFileSync(log, 'utf8') + '{"file": "torn'
    expect(parseSkipLog(text)).toEqual([
      { file: 'tests/scripts/testCounts.test.ts', reason: 'no chromium' },
      { file: 'tests/other.test.ts', reason: 'no data' },
    ])
  })
})
