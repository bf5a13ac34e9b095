import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { drawExample, EXAMPLES } from '../../src/main/experiments/style-transfer/examples'
import { fitLongSide, readInputImage } from '../../src/main/experiments/style-transfer/images'

const dir = mkdtempSync(path.join(tmpdir(), 'style-images-'))
const file = (name: string) => path.join(dir, name)

describe('content and style images', () => {
  beforeAll(async () => {
    // 300 x 100, left half red, right half blue.
    const raw = Buffer.alloc(300 * 100 * 3)
    for (let y = 0; y < 100; y++) for (let x = 0; x < 300; x++) raw.set(x < 150 ? [255, 0, 0] : [0, 0, 255], (y * 300 + x) * 3)
    await sharp(raw, { raw: { width: 300, height: 100, channels: 3 } }).png().toFile(file('wide.png'))
    writeFileSync(file('corrupt.png'), Buffer.from('this is not a png at all'))
    writeFileSync(file('empty.jpg'), Buffer.alloc(0))
    mkdirSync(file('folder.png'))
    const frame = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer()
    const frame2 = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } }).png().toBuffer()
    await sharp([frame, frame2], { join: { animated: true } }).gif().toFile(file('animated.gif'))
    // 8000 x 7000 = 56 megapixels, one colour (small on disk).
    await sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#000000' } }).png({ compressionLevel: 1 }).toFile(file('huge.png'))
  }, 300_000)

  it('keeps the aspect ratio with the longer side at the chosen size', async () => {
    expect(fitLongSide(300, 100, 90)).toEqual({ width: 90, height: 30 })
    expect(fitLongSide(100, 300, 90)).toEqual({ width: 30, height: 90 })
    const img = await readInputImage(file('wide.png'), 'content', 90)
    expect([img.width, img.height]).toEqual([90, 30])
    expect(Array.from(img.data.subarray(0, 3))).toEqual([255, 0, 0])
    const last = (30 * 90 - 1) * 3
    expect(Array.from(img.data.subarray(last, last + 3))).toEqual([0, 0, 255])
  })

  it('names the file and the problem for bad inputs', async () => {
    await expect(readInputImage(file('missing.png'), 'content', 64)).rejects.toThrow(/the content image .*missing.png does not exist/)
    await expect(readInputImage(file('empty.jpg'), 'style', 64)).rejects.toThrow(/the style image .*empty.jpg is empty \(0 bytes\)/)
    await expect(readInputImage(file('folder.png'), 'style', 64)).rejects.toThrow(/folder.png is a folder, not an image file/)
    await expect(readInputImage(file('corrupt.png'), 'content', 64)).rejects.toThrow(/corrupt.png is not a readable image/)
    await expect(readInputImage(file('animated.gif'), 'style', 64)).rejects.toThrow(/animated.gif is animated \(2 frames\); use a still image/)
    await expect(readInputImage(file('huge.png'), 'content', 64)).rejects.toThrow(/huge.png is 8000x7000 \(56 megapixels\), over the 50-megapixel limit/)
  })

  it('draws the built-in examples at the asked size, deterministic and not flat', async () => {
    for (const name of EXAMPLES) {
      const a = drawExample(name, 40, 30)
      expect(a.length).toBe(40 * 30 * 3)
      expect(drawExample(name, 40, 30)).toEqual(a)
      expect(new Set(a).size).toBeGreaterThan(20)
    }
    const img = await readInputImage('example:landscape', 'content', 128)
    expect([img.width, img.height]).toEqual([128, 96])
  })
})
