/**
 * Entry point of the detection process: loads the detector once (backend selection + model) and
 * answers `detect` messages with every candidate before NMS. The core starts one of these on the
 * first `detectCandidates` call and keeps it (src/main/core/detectionService.ts), so TensorFlow
 * never loads in the process that serves the UI.
 *
 *   core -> worker  { type: 'detect', id, name, dataBase64, runDir? }
 *
 * With `runDir`, a finished run whose experiment has the `detect` capability finds the
 * candidates instead (its detector loaded once per run and kept, the last two).
 *   worker -> core  { type: 'result', id, result } | { type: 'error', id, message }
 */
import type { DetectionResult } from '../../shared/api'
import type { RunDetector } from '../experiments/contract'
import { findExperiment } from '../experiments/registry'
import { RunStore } from '../store'
import { Detector } from './detector'
import { ImageReadError } from './image'

export interface DetectRequest {
  type: 'detect'
  id: number
  name: string
  dataBase64: string
  /** A finished detector run's folder; CenterNet when absent. */
  runDir?: string
}

export type DetectReply = { type: 'result'; id: number; result: DetectionResult } | { type: 'error'; id: number; message: string }

let detector: Promise<Detector> | null = null
/** One image at a time: the backend is shared, and a queue keeps memory flat. */
let queue: Promise<unknown> = Promise.resolve()

function loadDetector(): Promise<Detector> {
  if (!detector) {
    detector = Detector.create()
    detector.catch(() => (detector = null))
  }
  return detector
}

/** Run detectors by run folder, most recently used last; two at most. */
const runDetectors = new Map<string, Promise<RunDetector>>()

function loadRunDetector(runDir: string): Promise<RunDetector> {
  let found = runDetectors.get(runDir)
  if (found) runDetectors.delete(runDir)
  else {
    found = (async () => {
      const { store, id } = RunStore.ofRunDir(runDir)
      const meta = store.readMeta(id)
      const load = findExperiment(meta.experiment).capabilities.detector
      if (!load) throw new Error(`run ${meta.id} is a ${meta.experiment} run, which cannot detect objects`)
      return (await load())(runDir)
    })()
    found.catch(() => runDetectors.delete(runDir))
  }
  runDetectors.set(runDir, found)
  while (runDetectors.size > 2) {
    const [oldest, evicted] = runDetectors.entries().next().value as [string, Promise<RunDetector>]
    runDetectors.delete(oldest)
    void evicted.then((d) => d.dispose(), () => undefined)
  }
  return found
}

async function detectWithRun(request: DetectRequest, bytes: Buffer): Promise<DetectionResult> {
  const d = await loadRunDetector(request.runDir!)
  const found = await d.candidates(bytes)
  return {
    image: request.name,
    width: found.width,
    height: found.height,
    backend: d.backend,
    timings: found.timings,
    candidates: found.candidates,
    model: { runId: d.runId, classNames: d.classNames, scoreThreshold: d.scoreThreshold, iouThreshold: d.iouThreshold },
  }
}

function send(reply: DetectReply): void {
  if (process.connected) process.send!(reply)
}

async function detect(request: DetectRequest): Promise<DetectionResult> {
  // Tolerate a data: URL as well as bare base64.
  const comma = request.dataBase64.startsWith('data:') ? request.dataBase64.indexOf(',') : -1
  const bytes = Buffer.from(comma >= 0 ? request.dataBase64.slice(comma + 1) : request.dataBase64, 'base64')
  if (request.runDir) return detectWithRun(request, bytes)
  const d = await loadDetector()
  let found
  try {
    found = await d.candidates(bytes)
  } catch (error) {
    // ImageReadError's message already says what is wrong ("not a readable image: ...", "empty file (0 bytes)").
    if (error instanceof ImageReadError) throw new Error(`${request.name}: ${error.message}`)
    throw error
  }
  return {
    image: request.name,
    width: found.width,
    height: found.height,
    backend: found.backend,
    timings: { decodeMs: found.timings.decodeMs, networkMs: Math.round((found.timings.inferenceMs + found.timings.postMs) * 10) / 10 },
    candidates: found.candidates.map((c) => ({ box: [c.box[0], c.box[1], c.box[2], c.box[3]], score: c.score, classId: c.classId, label: c.label })),
  }
}

process.on('message', (message: DetectRequest) => {
  if (!message || message.type !== 'detect') return
  queue = queue.then(async () => {
    try {
      send({ type: 'result', id: message.id, result: await detect(message) })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      send({ type: 'error', id: message.id, message: text.startsWith(`${message.name}: `) ? text : `${message.name}: ${text}` })
    }
  })
})
// The core is gone: nothing left to answer.
process.on('disconnect', () => process.exit(0))
