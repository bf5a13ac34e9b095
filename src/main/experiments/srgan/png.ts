/** PNG bytes of a float image in [0, 1] (RGB or RGBA), for the run's image outputs and the upscale results. */
import sharp from 'sharp'
import type { FloatImage } from './bicubic'

export function toBytes(image: FloatImage): Uint8Array {
  const out = new Uint8Array(image.data.length)
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, image.data[i])) * 255)
  return out
}

export async function encodePng(image: FloatImage): Promise<Buffer> {
  const bytes = toBytes(image)
  return sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 } }).png().toBuffer()
}
