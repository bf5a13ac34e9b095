/**
 * A validation image with its true boxes (green) and detections (red, thicker), as PNG bytes for
 * the run's images output.
 */
import sharp from 'sharp'
import type { SceneBox } from '../../datasets/detectionScenes'
import type { Detection } from './decode'

function outline(rgb: Buffer, size: number, box: readonly number[], colour: [number, number, number], thickness: number): void {
  const [x1, y1, x2, y2] = box.map((v) => Math.round(Math.min(size - 1, Math.max(0, v))))
  const paint = (x: number, y: number) => rgb.set(colour, (y * size + x) * 3)
  for (let t = 0; t < thickness; t++) {
    for (let x = x1; x <= x2; x++) {
      paint(x, Math.min(size - 1, y1 + t))
      paint(x, Math.max(0, y2 - t))
    }
    for (let y = y1; y <= y2; y++) {
      paint(Math.min(size - 1, x1 + t), y)
      paint(Math.max(0, x2 - t), y)
    }
  }
}

/** @param image [size, size, 3] bytes; the picture is scaled 2x (nearest) so thin boxes stay visible. */
export async function detectionPicture(image: Uint8Array, size: number, truths: SceneBox[], detections: Detection[]): Promise<Uint8Array> {
  const rgb = Buffer.from(image)
  for (const t of truths) outline(rgb, size, t.box, [40, 220, 60], 1)
  for (const d of detections) outline(rgb, size, d.box, [240, 40, 40], 1)
  return new Uint8Array(await sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).resize(size * 2, size * 2, { kernel: 'nearest' }).png().toBuffer())
}
