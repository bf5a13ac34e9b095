/**
 * A finished yolo run as a detector (`detect`): the network rebuilt from params.json, its anchors
 * and class names from the run's `anchors` sample, the weights of a checkpoint; an image is
 * resized to size x size exactly as training decoded its images (datasets/decode.ts: sharp,
 * EXIF orientation, `fit: 'fill'`), and the decoded boxes are scaled back to the original pixels.
 * Self-contained; the `detect` inference handler (detectHandler.ts) serves it to the Detect page and
 * `benchtop detect --model`. Everything is read through the run store.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { decodeImage, ImageDecodeError } from '../../datasets'
import { imageSize } from '../../detection/image'
import { inferenceBackend } from '../../predict/backend'
import { RunStore } from '../../store'
import { loadWeightsOrDispose } from '../../training/checkpoint'
import type { Size } from './anchors'
import { decodeCandidates } from './decode'
import type { YoloConfig } from './fields'
import { buildYolo } from './model'
import type { GridSpec } from './targets'

/** One box the run's detector found before NMS: pixels of the original image. */
export interface RunDetection {
  box: [number, number, number, number]
  score: number
  classId: number
  label: string
}

/** A finished detector run, loaded once and used for many images. */
export interface RunDetector {
  runId: string
  /** Output order of the classes. */
  classNames: string[]
  /** The thresholds the run was trained and evaluated with (its config). */
  scoreThreshold: number
  iouThreshold: number
  backend: string
  /** Every candidate of one image (any format sharp reads) scoring at least `minScore`, best first, before NMS. */
  candidates(image: Uint8Array, minScore?: number): Promise<{ width: number; height: number; candidates: RunDetection[]; timings: { decodeMs: number; networkMs: number } }>
  dispose(): void
}

/** Candidates kept per image before NMS, as CenterNet's (shared/detection/defaults). */
const TOP_K = 300
const MIN_SCORE = 0.01

interface AnchorsSample {
  anchors: Size[]
  classNames: string[]
}

function isAnchorsSample(v: unknown): v is AnchorsSample {
  const s = v as AnchorsSample | null
  return !!s && Array.isArray(s.anchors) && s.anchors.every((a) => Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'number' && x > 0)) && Array.isArray(s.classNames) && s.classNames.every((n) => typeof n === 'string')
}

/** Loads the run in `runDir` at `checkpoint` (a name or an epoch; default its latest). */
export async function loadYoloDetector(runDir: string, checkpoint?: string): Promise<RunDetector> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const meta = store.readMeta(id)
  const params = store.readParams(id) as { config: YoloConfig; seed: number }
  const c = params.config
  const sample = store.readSamples(id, 'anchors').at(-1)?.value
  if (!isAnchorsSample(sample)) throw new Error(`run ${meta.id}: its anchors and class names (samples/anchors) are missing or unreadable, so its detector cannot be rebuilt`)
  const chosen = store.latestCheckpoint(id, checkpoint)
  const spec: GridSpec = { grid: c.grid, anchors: sample.anchors, classes: sample.classNames.length }
  const backend = await inferenceBackend()
  const model = buildYolo({ size: c.size, grid: c.grid, anchors: spec.anchors.length, classes: spec.classes, width: c.width, seed: params.seed })
  loadWeightsOrDispose(chosen.dir, model)
  return {
    runId: meta.id,
    classNames: sample.classNames,
    scoreThreshold: c.scoreThreshold,
    iouThreshold: c.iouThreshold,
    backend,
    async candidates(image: Uint8Array, minScore = MIN_SCORE) {
      const t0 = performance.now()
      let width: number
      let height: number
      let rgb: Uint8Array
      try {
        ;({ width, height } = await imageSize(image))
        rgb = await decodeImage(image, c.size)
      } catch (error) {
        throw error instanceof ImageDecodeError ? new Error(error.message) : error
      }
      const t1 = performance.now()
      // Another model in the inference process (CenterNet on wasm) may have switched the backend.
      if (tf.getBackend() !== backend) await tf.setBackend(backend)
      // [1, size, size, 3] in [0, 1], as training fed bytes / 255 -> [1, S, S, A * (5 + k)]
      const raw = tf.tidy(() => model.predict(tf.div(tf.tensor4d(rgb, [1, c.size, c.size, 3], 'float32'), 255)) as tf.Tensor)
      const values = await raw.data()
      raw.dispose()
      const found: RunDetection[] = decodeCandidates(values, spec, { scoreThreshold: minScore, width, height })
        .slice(0, TOP_K)
        .map((d) => ({
          box: [Math.max(0, d.box[0]), Math.max(0, d.box[1]), Math.min(width, d.box[2]), Math.min(height, d.box[3])],
          score: d.score,
          classId: d.classId,
          label: sample.classNames[d.classId],
        }))
      const round = (ms: number) => Math.round(ms * 10) / 10
      return { width, height, candidates: found, timings: { decodeMs: round(t1 - t0), networkMs: round(performance.now() - t1) } }
    },
    dispose: () => model.dispose(),
  }
}
