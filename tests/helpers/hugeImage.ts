/**
 * A tiny PNG whose header declares `width` x `height` pixels: what a decompression bomb looks
 * like to a decoder before it inflates anything (the pixel data is only 4x4, so a decoder that
 * trusts the header fails later, and one that checks the pixel count refuses at once).
 */
import { crc32 } from 'node:zlib'
import sharp from 'sharp'

export async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#ff0000' } }).png().toBuffer()
  // Signature (8) + IHDR length (4) + "IHDR" (4): width at 16, height at 20, CRC of type+data at 29.
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  return png
}
