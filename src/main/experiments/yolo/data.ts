/**
 * The detector's data: built-in synthetic scenes (training and held-out from disjoint indices of
 * the seed's sequence), the anchors chosen on the training boxes, and the encoded targets.
 */
import { generateDetectionScenes, type DetectionScenes } from '../../datasets/detectionScenes'
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

export function detectorData(c: { size: number; grid: number; anchors: number; trainCount: number; testCount: number }, seed: number): DetectorData {
  const sceneSeed = deriveSeed(seed, 'detection-scenes')
  const train = generateDetectionScenes({ count: c.trainCount, size: c.size, seed: sceneSeed })
  const test = generateDetectionScenes({ count: c.testCount, size: c.size, seed: sceneSeed, first: c.trainCount })
  const sizes: Size[] = train.boxes.flat().map((b) => [(b.box[2] - b.box[0]) / c.size, (b.box[3] - b.box[1]) / c.size])
  const fit = kmeansAnchors(sizes, c.anchors, seed)
  const spec: GridSpec = { grid: c.grid, anchors: fit.anchors, classes: train.classNames.length }
  const per = c.grid * c.grid * spec.anchors.length * slotSize(spec)
  const targets = new Float32Array(c.trainCount * per)
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
