#!/usr/bin/env node
// `npm test`: the type check, then every vitest suite and tfjs-core's op tests on the native and webgpu backends;
// ends with one line `N passed, N failed` (and `, N skipped`), after one line per skipped file
// saying why, and one per file whose set-up (beforeAll) failed: those tests count as failed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { countVitestReport, lastLine, parseSkipLog, summaryLines } from './testCounts.mjs'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
let passed = 0
let failed = 0
let skipped = 0
// Everything the suites write to the temporary folder (run homes, checkpoints, Chromium profiles)
// goes under this one, removed at the end: a full run writes GBs there, and CI disks can be small.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'benchtop-test-'))
const scratch = path.join(tmp, 't')
mkdirSync(scratch)
const tempEnv = { TMPDIR: scratch, TMP: scratch, TEMP: scratch }
process.on('exit', () => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }))

console.log('== typecheck (tsc / vue-tsc --noEmit) ==')
// The renderer's project goes through vue-tsc, which also checks the <script> and template of .vue files.
for (const [checker, project] of [['tsc', 'tsconfig.node.json'], ['vue-tsc', 'tsconfig.web.json']]) {
  const tsc = spawnSync(bin(checker), ['--noEmit', '-p', project], { cwd: root, stdio: 'inherit' })
  if (tsc.status === 0) passed += 1
  else failed += 1
  console.log(`typecheck ${project}: ${tsc.status === 0 ? 'ok' : 'FAILED'}`)
}

// The browser tests serve the built renderer; build once here rather than inside a suite.
console.log('== build (electron-vite build) ==')
const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status === 0) passed += 1
else failed += 1
console.log(`build: ${build.status === 0 ? 'ok' : 'FAILED'}`)

console.log('== vitest ==')
const report = path.join(tmp, 'vitest.json')
// tests/helpers/skip.ts appends each skip's reason here (one JSON line per skip).
const skipLog = path.join(tmp, 'skips.jsonl')
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...tempEnv, BENCHTOP_HOME: path.join(tmp, 'home'), BENCHTOP_SKIP_LOG: skipLog },
})
/** Printed just before the last line, so the reasons are not lost in vitest's output. */
let explanations = []
try {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  const records = existsSync(skipLog) ? parseSkipLog(readFileSync(skipLog, 'utf8')) : []
  const counts = countVitestReport(json, records, root)
  passed += counts.passed
  failed += counts.failed
  skipped += counts.skipped
  explanations = summaryLines(counts)
} catch (error) {
  console.log(`vitest wrote no report (${error instanceof Error ? error.message : error})`)
  failed += 1
}
if (vitest.status !== 0 && failed === 0) failed += 1

/**
 * Runs one op suite (scripts/op-suite): its last line is {"passed":N,"failed":N,"excluded":N[,"skipped":"why"]};
 * a run that crashes before printing it counts as a failure, and a skip's reason joins the summary.
 */
function runOpSuite(title, script, minutes) {
  console.log(`== ${title} ==`)
  const run = spawnSync(process.execPath, [path.join(root, ...script)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...tempEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: minutes * 60_000,
  })
  process.stdout.write(run.stdout ?? '')
  try {
    const counts = JSON.parse((run.stdout ?? '').trim().split('\n').at(-1))
    if (!Number.isInteger(counts.passed) || !Number.isInteger(counts.failed)) throw new Error('no counts')
    passed += counts.passed
    failed += counts.failed
    if (run.status !== 0 && counts.failed === 0) failed += 1
    if (counts.skipped) explanations.push(`${title}: skipped: ${counts.skipped}`)
  } catch {
    console.log(`${title}: no result (exit ${run.status ?? run.signal})`)
    failed += 1
  }
}

// tfjs-core's own op tests against the native backend.
runOpSuite('tfjs-core op tests on the native backend', ['scripts', 'op-suite', 'run.mjs'], 10)
// The same for the experiments' kernels on the webgpu backend (Dawn on SwiftShader here): skips with
// the reason where SwiftShader is absent, fails under CI=true.
runOpSuite('tfjs-core op tests on the webgpu backend', ['scripts', 'op-suite', 'webgpu', 'run.mjs'], 20)

if (explanations.length > 0) {
  console.log('== skipped and failed set-ups ==')
  for (const line of explanations) console.log(line)
}
console.log(lastLine(passed, failed, skipped))
process.exit(failed === 0 ? 0 : 1)
