/**
 * Held-out evaluation of the detector: decode every image's output (score threshold 0.001, so the
 * whole precision-recall curve is kept), then COCO-style AP per class and mAP. Pure TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { LayersModel } from '@tensorflow/tfjs-layers'
import { detectionScores, type DetectionScores, type ScoredDetection, type TrueBox } from '../../../shared/detection/averagePrecision'
import type { SceneBox } from '../../datasets/detectionScenes'
import { decodeOutput, type Detection } from './decode'
import type { GridSpec } from './targets'

export interface Evaluation {
  scores: DetectionScores
  /** Detections above the run's own score threshold, per image (for the pictures). */
  shown: Detection[][]
}

/** @param images [n, size, size, 3] bytes */
export async function evaluateDetector(
  model: LayersModel,
  images: Uint8Array,
  truths: SceneBox[][],
  size: number,
  spec: GridSpec,
  o: { batch: number; scoreThreshold: number; iouThreshold: number },
): Promise<Evaluation> {
  const n = truths.length
  const pixels = size * size * 3
  const detections: ScoredDetection[] = []
  const shown: Detection[][] = []
  for (let start = 0; start < n; start += o.batch) {
    const count = Math.min(o.batch, n - start)
    const raw = tf.tidy(() => {
      const x = tf.div(tf.tensor4d(images.subarray(start * pixels, (start + count) * pixels), [count, size, size, 3], 'float32'), 255)
      return model.predict(x) as tf.Tensor
    })
    const values = (await raw.data()) as Float32Array
    raw.dispose()
    const per = values.length / count
    for (let i = 0; i < count; i++) {
      const output = values.subarray(i * per, (i + 1) * per)
      const all = decodeOutput(output, spec, { scoreThreshold: 0.001, iouThreshold: o.iouThreshold, maxDetections: 100, width: size, height: size })
      for (const d of all) detections.push({ image: start + i, classId: d.classId, box: d.box, score: d.score })
      shown.push(all.filter((d) => d.score >= o.scoreThreshold))
    }
  }
  const truthBoxes: TrueBox[] = truths.flatMap((boxes, image) => boxes.map((b) => ({ image, classId: b.classId, box: b.box })))
  return { scores: detectionScores(detections, truthBoxes, spec.classes), shown }
}
