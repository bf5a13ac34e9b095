/**
 * Detection benchmark: prints JSON lines.
 *  - NMS of 10,000 seeded random candidates: the reference (the definition, literally) against
 *    the fast path, class-agnostic and per class (80 classes), with and without a max.
 *  - CenterNet per image on each backend that loads here (cpu, wasm, native when built,
 *    tensorflow when tfjs-node is installed): image decode + resize to 512x512, network, decoding
 *    into 300 candidates, and NMS over them (score 0.3, IoU 0.45, max 100). The backends' runs
 *    interleave, and each line after the first has its ratio to the first backend (medians of
 *    per-round ratios), which a busy machine disturbs far less than the times themselves.
 *
 * Usage: tsx scripts/bench-detect.ts [--runs N] [--backends cpu,wasm,...] [--image FILE] [--nms-only]
 */
import path from 'node:path'
import { mulberry32, randomInt } from '../src/shared/random'
import type { BackendName } from '../src/shared/api'
import { arg } from '../src/main/bench/args'
import { centernetFiles } from '../src/main/detection/centernet'
import { DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE, Detector } from '../src/main/detection/detector'
import type { Box } from '../src/shared/detection/iou'
import { nms, nmsDetections, nmsReference, type NmsOptions } from '../src/shared/detection/nms'

const runs = Number(arg('runs') ?? 5)
const backends = (arg('backends') ?? 'wasm,native,cpu,tensorflow').split(',') as BackendName[]
const image = arg('image') ?? path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets', 'samples.jpg')

function line(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return Math.round(s[Math.floor(s.length / 2)] * 100) / 100
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const value = f()
  return [value, performance.now() - t0]
}

/** Detector-like candidates: objects at random places, each with a cluster of jittered boxes. */
function candidates(n: number, classes: number, seed: number): { boxes: Box[]; scores: number[]; classIds: number[] } {
  const rng = mulberry32(seed)
  const boxes: Box[] = []
  const scores: number[] = []
  const classIds: number[] = []
  const objects = Array.from({ length: Math.ceil(n / 20) }, () => ({
    x: rng() * 1800,
    y: rng() * 1000,
    w: 20 + rng() * 300,
    h: 20 + rng() * 300,
    c: randomInt(rng, classes),
  }))
  for (let i = 0; i < n; i++) {
    const o = objects[randomInt(rng, objects.length)]
    const j = () => (rng() - 0.5) * 0.3
    const x = o.x + j() * o.w
    const y = o.y + j() * o.h
    boxes.push([x, y, x + o.w * (1 + j()), y + o.h * (1 + j())])
    scores.push(rng())
    classIds.push(rng() < 0.8 ? o.c : randomInt(rng, classes))
  }
  return { boxes, scores, classIds }
}

function benchNms(): void {
  const n = 10_000
  const cases: Array<{ name: string; classes: number; options: NmsOptions }> = [
    { name: 'class-agnostic', classes: 1, options: { scoreThreshold: 0.05, iouThreshold: 0.45 } },
    { name: 'per-class', classes: 80, options: { scoreThreshold: 0.05, iouThreshold: 0.45 } },
    { name: 'per-class, max 100', classes: 80, options: { scoreThreshold: 0.05, iouThreshold: 0.45, maxDetections: 100 } },
  ]
  for (const c of cases) {
    const data = candidates(n, c.classes, 42)
    const options = { ...c.options, classes: c.classes > 1 ? data.classIds : undefined }
    const refTimes: number[] = []
    let ref = nmsReference(data.boxes, data.scores, options) // warm up the JIT
    for (let r = 0; r < 3; r++) {
      const [result, ms] = time(() => nmsReference(data.boxes, data.scores, options))
      ref = result
      refTimes.push(ms)
    }
    const fastTimes: number[] = []
    let fast = nms(data.boxes, data.scores, options) // warm up the JIT
    for (let r = 0; r < 15; r++) {
      const [result, ms] = time(() => nms(data.boxes, data.scores, options))
      fast = result
      fastTimes.push(ms)
    }
    const identical =
      fast.kept.length === ref.kept.length &&
      fast.kept.every((k, i) => k === ref.kept[i]) &&
      fast.suppressedBy.every((k, i) => k === ref.suppressedBy[i])
    line({
      bench: 'nms',
      case: c.name,
      candidates: n,
      classes: c.classes,
      ...c.options,
      kept: ref.kept.length,
      referenceMs: median(refTimes),
      fastMs: median(fastTimes),
      speedup: Math.round((median(refTimes) / median(fastTimes)) * 10) / 10,
      identical,
    })
  }
}

interface DetectorTimes {
  detector: Detector
  total: number[]
  parts: { decodeMs: number[]; inferenceMs: number[]; postMs: number[]; nmsMs: number[] }
  found: number
  candidateCount: number
}

/**
 * Every backend's detector is created and warmed first; then the runs interleave (round r runs
 * each backend once, in turn), so a busy machine slows every backend alike, and the ratio of each
 * backend to the first one is the median of the per-round ratios.
 */
async function benchDetector(): Promise<void> {
  const timed: DetectorTimes[] = []
  for (const backend of backends) {
    let detector: Detector
    try {
      detector = await Detector.create({ backend })
    } catch (error) {
      line({ bench: 'detector', backend, available: false, reason: (error as Error).message.split('\n')[0] })
      continue
    }
    await detector.detect(image) // warm-up: kernels compile, buffers allocate
    timed.push({ detector, total: [], parts: { decodeMs: [], inferenceMs: [], postMs: [], nmsMs: [] }, found: 0, candidateCount: 0 })
  }
  for (let r = 0; r < runs; r++) {
    for (const t of timed) {
      const t0 = performance.now()
      const result = await t.detector.candidates(image)
      // NMS over every candidate (top 300, score >= 0.01) with the command line's defaults;
      // repeated, as one pass is far below a millisecond.
      const reps = 200
      const t1 = performance.now()
      for (let i = 0; i < reps; i++) {
        t.found = nmsDetections(result.candidates, { scoreThreshold: DEFAULT_SCORE, iouThreshold: DEFAULT_IOU, maxDetections: DEFAULT_MAX }).kept.length
      }
      const nmsMs = (performance.now() - t1) / reps
      t.total.push(t1 - t0 + nmsMs)
      t.parts.decodeMs.push(result.timings.decodeMs)
      t.parts.inferenceMs.push(result.timings.inferenceMs)
      t.parts.postMs.push(result.timings.postMs)
      t.parts.nmsMs.push(nmsMs)
      t.candidateCount = result.candidates.length
    }
  }
  const first = timed[0]
  for (const t of timed) {
    const ratio = (a: number[], b: number[]) => Math.round(median(a.map((v, i) => v / b[i])) * 1000) / 1000
    line({
      bench: 'detector',
      backend: t.detector.backend,
      available: true,
      image: path.basename(image),
      input: '512x512',
      runs,
      totalMs: median(t.total),
      decodeMs: median(t.parts.decodeMs),
      inferenceMs: median(t.parts.inferenceMs),
      postMs: median(t.parts.postMs),
      nmsMs: Math.round(median(t.parts.nmsMs) * 1000) / 1000,
      candidates: t.candidateCount,
      detections: t.found,
      // Median of the per-round ratios to the first backend (runs interleave).
      ...(t === first ? {} : { versus: first.detector.backend, inferenceRatio: ratio(t.parts.inferenceMs, first.parts.inferenceMs), totalRatio: ratio(t.total, first.total) }),
    })
  }
}

benchNms()
if (!process.argv.includes('--nms-only')) await benchDetector()
