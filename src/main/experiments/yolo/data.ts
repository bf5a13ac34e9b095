/**
 * The detector's data: built-in synthetic scenes (training and held-out from disjoint indices of
 * the seed's sequence) or an imported detection data set (YOLO txt, COCO JSON), the anchors chosen
 * on the training boxes, and the encoded targets.
 */
import type { LabelBox } from '../../datasets/detectionLabels'
import { generateDetectionScenes, type DetectionScenes, type SceneBox } from '../../datasets/detectionScenes'
import { deriveSeed } from '../../../shared/random'
import { kmeansAnchors, type Size } from './anchors'
import { encodeTargets, slotSize, type GridSpec } from './targets'

export interface DetectorData {
  train: DetectionScenes
  test: DetectionScenes
  spec: GridSpec
  meanAnchorIou: number
  /** [n, S, S, A, 5 + k] targets of the training images. */
  targets: Float32Array
  collisions: number
}

/** Images already at size x size with normalised boxes (an imported data set, decoded). */
export interface DetectionSource {
  classNames: string[]
  train: { images: Uint8Array; boxes: LabelBox[][] }
  test: { images: Uint8Array; boxes: LabelBox[][] }
}

/** Normalised centre boxes -> pixel corners of a size x size image. */
export function toPixelBoxes(boxes: readonly LabelBox[], size: number): SceneBox[] {
  return boxes.map((b) => ({ classId: b.classId, box: [(b.cx - b.w / 2) * size, (b.cy - b.h / 2) * size, (b.cx + b.w / 2) * size, (b.cy + b.h / 2) * size] }))
}

function scenesOf(split: DetectionSource['train'], classNames: string[], size: number): DetectionScenes {
  return { images: split.images, boxes: split.boxes.map((b) => toPixelBoxes(b, size)), classNames }
}

/**
 * @param source an imported data set decoded at c.size; without it, generated scenes
 *   (c.trainCount training and c.testCount held-out).
 */
export function detectorData(c: { size: number; grid: number; anchors: number; trainCount: number; testCount: number }, seed: number, source?: DetectionSource): DetectorData {
  let train: DetectionScenes
  let test: DetectionScenes
  if (source) {
    train = scenesOf(source.train, source.classNames, c.size)
    test = scenesOf(source.test, source.classNames, c.size)
  } else {
    const sceneSeed = deriveSeed(seed, 'detection-scenes')
    train = generateDetectionScenes({ count: c.trainCount, size: c.size, seed: sceneSeed })
    test = generateDetectionScenes({ count: c.testCount, size: c.size, seed: sceneSeed, first: c.trainCount })
  }
  const n = train.boxes.length
  const sizes: Size[] = train.boxes.flat().map((b) => [(b.box[2] - b.box[0]) / c.size, (b.box[3] - b.box[1]) / c.size])
  const fit = kmeansAnchors(sizes, c.anchors, seed)
  const spec: GridSpec = { grid: c.grid, anchors: fit.anchors, classes: train.classNames.length }
  const per = c.grid * c.grid * spec.anchors.length * slotSize(spec)
  const targets = new Float32Array(n * per)
  let collisions = 0
  train.boxes.forEach((boxes, i) => {
    const encoded = encodeTargets(
      boxes.map((b) => ({ classId: b.classId, cx: (b.box[0] + b.box[2]) / 2 / c.size, cy: (b.box[1] + b.box[3]) / 2 / c.size, w: (b.box[2] - b.box[0]) / c.size, h: (b.box[3] - b.box[1]) / c.size })),
      spec,
    )
    targets.set(encoded.data, i * per)
    collisions += encoded.collisions
  })
  return { train, test, spec, meanAnchorIou: fit.meanIou, targets, collisions }
}
