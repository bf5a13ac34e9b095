/**
 * Annotated copies of images: box outlines drawn straight into the RGB raster, label text
 * rendered by sharp (librsvg) from an SVG overlay composited on top.
 */
import sharp from 'sharp'
import type { Box } from '../../shared/detection/iou'
import { readRgb, type ImageSource } from './image'

/** Annotated images are shrunk so their longer side is at most this (an 8000 px photo would be 192 MB raw). */
export const ANNOTATE_MAX_SIDE = 4096

export interface Annotation {
  box: Box
  label: string
  score: number
  classId: number
}

/** Distinct, saturated colours; a class keeps its colour across images. */
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180],
  [70, 240, 240], [240, 50, 230], [210, 245, 60], [250, 190, 212], [0, 128, 128], [220, 190, 255],
  [170, 110, 40], [255, 250, 200], [128, 0, 0], [170, 255, 195], [128, 128, 0], [255, 215, 180],
]

export function classColour(classId: number): readonly [number, number, number] {
  return PALETTE[((classId % PALETTE.length) + PALETTE.length) % PALETTE.length]
}

/** Fills the rectangle [x0, x1) x [y0, y1) of an RGB raster, clipped to it. */
function fillRect(data: Uint8Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, rgb: readonly number[]): void {
  const xa = Math.max(0, Math.floor(x0))
  const xb = Math.min(width, Math.ceil(x1))
  const ya = Math.max(0, Math.floor(y0))
  const yb = Math.min(height, Math.ceil(y1))
  for (let y = ya; y < yb; y++) {
    let p = (y * width + xa) * 3
    for (let x = xa; x < xb; x++, p += 3) {
      data[p] = rgb[0]
      data[p + 1] = rgb[1]
      data[p + 2] = rgb[2]
    }
  }
}

/** Draws a box outline `thickness` pixels wide, inside the box's edges, into an RGB raster. */
export function drawBox(data: Uint8Array, width: number, height: number, box: Box, thickness: number, rgb: readonly number[]): void {
  const [x1, y1, x2, y2] = box
  if (!(x2 > x1 && y2 > y1)) return
  const t = Math.max(1, Math.min(thickness, (x2 - x1) / 2, (y2 - y1) / 2))
  fillRect(data, width, height, x1, y1, x2, y1 + t, rgb)
  fillRect(data, width, height, x1, y2 - t, x2, y2, rgb)
  fillRect(data, width, height, x1, y1, x1 + t, y2, rgb)
  fillRect(data, width, height, x2 - t, y1, x2, y2, rgb)
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** An SVG the size of the image with a filled tag and white text at each box's top left corner. */
export function labelOverlay(width: number, height: number, items: ReadonlyArray<{ box: Box; text: string; rgb: readonly number[] }>, fontSize: number): string {
  const pad = Math.round(fontSize * 0.25)
  const tagH = fontSize + 2 * pad
  const parts = items.map(({ box, text, rgb }) => {
    // ~0.6 em per character for DejaVu/Liberation Sans at this size: enough for the tag's width.
    const tagW = Math.min(width, Math.ceil(text.length * fontSize * 0.6) + 2 * pad)
    const x = Math.max(0, Math.min(width - tagW, box[0]))
    // Above the box when there is room, otherwise just inside its top edge.
    const y = box[1] - tagH >= 0 ? box[1] - tagH : Math.min(Math.max(0, box[1]), Math.max(0, height - tagH))
    const fill = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`
    const dark = rgb[0] * 0.299 + rgb[1] * 0.587 + rgb[2] * 0.114 > 150
    return (
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${tagW}" height="${tagH}" fill="${fill}"/>` +
      `<text x="${(x + pad).toFixed(1)}" y="${(y + pad + fontSize * 0.82).toFixed(1)}" fill="${dark ? '#000' : '#fff'}">${escapeXml(text)}</text>`
    )
  })
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}">${parts.join('')}</g></svg>`
  )
}

/**
 * Writes `outFile` (PNG): the image with each annotation's box and "label 0.87" tag. Boxes are in
 * the original image's pixels; an image larger than ANNOTATE_MAX_SIDE is shrunk first.
 * Returns the written size.
 */
export async function writeAnnotated(
  source: ImageSource,
  annotations: readonly Annotation[],
  outFile: string,
  maxSide = ANNOTATE_MAX_SIDE,
): Promise<{ width: number; height: number }> {
  const image = await readRgb(source, maxSide)
  const { data, width, height, scale } = image
  const short = Math.min(width, height)
  const thickness = Math.max(2, Math.round(short / 300))
  const fontSize = Math.max(11, Math.min(48, Math.round(short / 40)))
  const items = annotations.map((a) => {
    const box: Box = [a.box[0] * scale, a.box[1] * scale, a.box[2] * scale, a.box[3] * scale]
    return { box, text: `${a.label} ${a.score.toFixed(2)}`, rgb: classColour(a.classId) }
  })
  // Lowest score first, so the best boxes are drawn on top.
  const order = items.map((_, i) => i).reverse()
  for (const i of order) drawBox(data, width, height, items[i].box, thickness, items[i].rgb)
  const overlay = labelOverlay(width, height, order.map((i) => items[i]), fontSize)
  await sharp(data, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(overlay), top: 0, left: 0 }])
    .png()
    .toFile(outFile)
  return { width, height }
}
