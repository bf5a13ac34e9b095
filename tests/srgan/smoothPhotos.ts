/** Smooth generated photos (sums of a few sinusoids): learnable detail that bicubic blurs. */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'

/** Writes `count` PNGs of (96 + 8k) x 80 pixels into dir (created). */
export async function makeSmoothPhotos(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true })
  for (let k = 0; k < count; k++) {
    const w = 96 + 8 * k
    const h = 80
    const raw = Buffer.alloc(w * h * 3)
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          const v = 0.5 + 0.25 * Math.sin((x * (0.3 + 0.05 * c) + y * 0.17 * (k + 1)) / 1.3) + 0.2 * Math.cos((x * 0.11 - y * 0.23) * (1 + c * 0.3))
          raw[(y * w + x) * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, v)))
        }
      }
    }
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path.join(dir, `photo-${k}.png`))
  }
}
