/** Pure helpers of the image grid: the steps that have images, and the image of each series at a step. */
import type { ImageRecord } from '../../../../shared/api'

/** Every step that has at least one image, ascending. */
export function imageSteps(images: readonly ImageRecord[]): number[] {
  return [...new Set(images.map((i) => i.step))].sort((a, b) => a - b)
}

/** The series names, in order of first appearance. */
export function imageSeries(images: readonly ImageRecord[]): string[] {
  return [...new Set(images.map((i) => i.series))]
}

/**
 * Per series, its newest image at or before `step` (a series written less often still shows its
 * latest), or none when the series starts later.
 */
export function imagesAtStep(images: readonly ImageRecord[], step: number): ImageRecord[] {
  const out: ImageRecord[] = []
  for (const series of imageSeries(images)) {
    let best: ImageRecord | null = null
    for (const image of images) {
      if (image.series === series && image.step <= step && (!best || image.step > best.step)) best = image
    }
    if (best) out.push(best)
  }
  return out
}

/** `data:image/png;base64,...` of bytes the API returned. */
export function pngDataUrl(dataBase64: string): string {
  return `data:image/png;base64,${dataBase64}`
}
