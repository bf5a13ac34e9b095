/**
 * The Detect page's pure helpers: NMS over cached candidates (src/shared/detection/nms.ts, never
 * the network), the JSON export (the CLI's format), class colours, and the annotated PNG.
 */
import type { DetectCandidate, DetectionResult } from '../../../../shared/api'
import { nmsDetections } from '../../../../shared/detection/nms'
import { placeLabels } from './labelPlacement'

export interface NmsSettings {
  scoreThreshold: number
  iouThreshold: number
  maxDetections: number
  classAgnostic: boolean
}

export interface NmsView {
  /** Indices into the candidates, best first. */
  kept: number[]
  /** [suppressed candidate index, index of the kept box that removed it]. */
  suppressed: Array<[number, number]>
}

export function runNms(candidates: readonly DetectCandidate[], settings: NmsSettings): NmsView {
  const { keptIndices, suppressedBy } = nmsDetections(candidates, settings)
  const suppressed: Array<[number, number]> = []
  suppressedBy.forEach((by, i) => {
    if (by >= 0) suppressed.push([i, by])
  })
  return { kept: keptIndices, suppressed }
}

const round1 = (v: number): number => Math.round(v * 10) / 10
const round4 = (v: number): number => Math.round(v * 1e4) / 1e4

/** What `benchtop detect --json` writes for one image: the kept boxes, best first. */
export function detectionsJson(result: DetectionResult, kept: readonly number[]): string {
  const detections = kept
    .map((i) => result.candidates[i])
    .sort((a, b) => b.score - a.score)
    .map((d) => ({ label: d.label, classId: d.classId, score: round4(d.score), box: d.box.map(round1) }))
  return JSON.stringify({ image: result.image, width: result.width, height: result.height, detections }, null, 2) + '\n'
}

/** A steady colour per class: golden-angle hues, calm saturation. */
export function classColour(classId: number): string {
  return `hsl(${Math.round((classId * 137.508) % 360)}, 70%, 42%)`
}

/** An [x1, y1, x2, y2] box as the x, y, width and height of an SVG rect (for `v-bind`). */
export function boxRect(box: readonly number[]): { x: number; y: number; width: number; height: number } {
  return { x: box[0], y: box[1], width: box[2] - box[0], height: box[3] - box[1] }
}

export function formatScore(score: number): string {
  return score.toFixed(2)
}

/** The image with the kept boxes and their labels (none covering another), drawn at the image's own size, as PNG. */
export function annotatedPng(img: HTMLImageElement, result: DetectionResult, kept: readonly number[]): Promise<Blob> {
  const canvas = document.createElement('canvas')
  canvas.width = result.width
  canvas.height = result.height
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('this browser cannot draw on a canvas'))
  ctx.drawImage(img, 0, 0, result.width, result.height)
  const line = Math.max(2, Math.round(Math.max(result.width, result.height) / 300))
  const font = Math.max(12, Math.round(Math.max(result.width, result.height) / 50))
  ctx.font = `${font}px system-ui, sans-serif`
  ctx.textBaseline = 'top'
  for (const i of [...kept].reverse()) {
    const c = result.candidates[i]
    const [x1, y1, x2, y2] = c.box
    ctx.strokeStyle = classColour(c.classId)
    ctx.lineWidth = line
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1)
  }
  // Labels after every box, placed as on screen so that none covers another.
  const texts = kept.map((i) => `${result.candidates[i].label} ${formatScore(result.candidates[i].score)}`)
  const rects = placeLabels(
    kept.map((i, n) => ({ box: result.candidates[i].box, width: ctx.measureText(texts[n]).width + font * 0.5, height: font * 1.3 })),
    result.width,
    result.height,
  )
  kept.forEach((i, n) => {
    const r = rects[n]
    if (!r) return
    ctx.fillStyle = classColour(result.candidates[i].classId)
    ctx.fillRect(r.x, r.y, r.width, r.height)
    ctx.fillStyle = '#fff'
    ctx.fillText(texts[n], r.x + font * 0.25, r.y + font * 0.15)
  })
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))), 'image/png'))
}

/** Offers a blob as a download. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `photo.jpg` -> `photo`. */
export function baseName(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}
