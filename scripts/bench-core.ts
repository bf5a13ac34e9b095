/**
 * `npm run bench:core`: speeds of the core's hot paths, as JSON lines (a benchmark, not a test).
 * Timings on a shared machine are noisy: each is the best of several repeats.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateShapes } from '../src/main/datasets'
import { RunStore } from '../src/main/store'
import { downsampleMinMax } from '../src/renderer/src/charts/downsample'
import { emaStart, smoothInto } from '../src/renderer/src/charts/smoothing'

function best(repeats: number, fn: () => void): number {
  let ms = Infinity
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    fn()
    ms = Math.min(ms, performance.now() - t0)
  }
  return Math.round(ms * 100) / 100
}

function report(name: string, ms: number, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench: name, ms, ...extra }))
}

report('shapes: generate 2000 images of 32x32', best(3, () => generateShapes({ count: 2000, size: 32, classes: 3, seed: 5 })))

const store = new RunStore(mkdtempSync(path.join(os.tmpdir(), 'bench-store-')))
const run = store.createRun({ experiment: 'bench', preset: 'none', seed: 0, params: {} })
store.appendMetric(run.id, 'loss', Array.from({ length: 100_000 }, (_, i) => ({ step: i + 1, epoch: 1, time: i, value: 1 / (i + 1) })))
report('store: latestMetrics on a 100k-line metric file', best(20, () => store.latestMetrics(run.id)))
report('store: readMetric of a 100k-line metric file', best(3, () => store.readMetric(run.id, 'loss')))

const n = 1_000_000
const ys = new Float64Array(n).map((_, i) => Math.sin(i / 1000) + Math.random() * 0.1)
const xs = new Float64Array(n).map((_, i) => i)
const out = new Float64Array(n)
report('charts: debiased EMA over 1,000,000 points', best(3, () => smoothInto(ys, 0, 0.9, emaStart(), out)))
report('charts: min/max down-sampling of 100,000 points to 1200 px', best(5, () => downsampleMinMax(xs.subarray(0, 100_000), ys.subarray(0, 100_000), { width: 1200 })))
