/**
 * A scanned detection data set decoded for training: every image resized to size x size (the
 * decoder of image folders: `fit: 'fill'`, so normalised boxes stay where they were), its boxes
 * normalised. An image that fails to decode is skipped with the reason, never fatal.
 */
import type { SkippedFile } from '../../shared/api.js'
import { decodeImage, ImageDecodeError } from './decode.js'
import type { LabelBox } from './detectionLabels.js'
import type { DetectionItem, DetectionScan } from './detectionScan.js'
import { mapLimit } from './mapLimit.js'

export interface DetectionSplit {
  /** [n, size, size, 3] RGB bytes. */
  images: Uint8Array
  /** Per image, its boxes normalised to [0, 1] (centre and size). */
  boxes: LabelBox[][]
  /** Per image, its path relative to the data set's root. */
  names: string[]
}

export interface LoadedDetection {
  classNames: string[]
  size: number
  train: DetectionSplit
  test: DetectionSplit
  skipped: SkippedFile[]
  fingerprint: string
}

async function decodeSplit(items: DetectionItem[], size: number, skipped: SkippedFile[], onDone: () => void): Promise<DetectionSplit> {
  const pixels = size * size * 3
  const decoded = await mapLimit(items, 3, async (item) => {
    try {
      return await decodeImage(item.file, size)
    } catch (error) {
      skipped.push({ file: item.name, reason: error instanceof ImageDecodeError ? error.message : `cannot read: ${(error as Error).message}` })
      return null
    } finally {
      onDone()
    }
  })
  const kept = items.map((item, i) => ({ item, rgb: decoded[i] })).filter((k): k is { item: DetectionItem; rgb: Uint8Array } => k.rgb !== null)
  const images = new Uint8Array(kept.length * pixels)
  kept.forEach((k, i) => images.set(k.rgb, i * pixels))
  return { images, boxes: kept.map((k) => k.item.boxes), names: kept.map((k) => k.item.name) }
}

/** Decodes the scan's images; `limit` keeps the first N images of each split (previews). */
export async function loadDetectionScan(
  scan: DetectionScan & { fingerprint: string },
  o: { size: number; limit?: number; onProgress?: (done: number, total: number) => void },
): Promise<LoadedDetection> {
  const skipped = [...scan.skipped]
  const pick = (split: 'train' | 'test') => scan.items.filter((i) => i.split === split).slice(0, o.limit ?? Infinity)
  const train = pick('train')
  const test = pick('test')
  const total = train.length + test.length
  let done = 0
  const tick = () => o.onProgress?.(++done, total)
  return {
    classNames: scan.classNames,
    size: o.size,
    train: await decodeSplit(train, o.size, skipped, tick),
    test: await decodeSplit(test, o.size, skipped, tick),
    skipped,
    fingerprint: scan.fingerprint,
  }
}
