/** Reading images for the detector: formats, orientation, fit modes, huge files, drawing. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawBox, labelOverlay } from '../../src/main/detection/annotate'
import { toOriginal } from '../../src/main/detection/decode'
import { ImageReadError, imageSize, LETTERBOX_FILL, prepareImage, readRgb } from '../../src/main/detection/image'
import { pngDeclaring } from '../helpers/hugeImage'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'benchtop-detect-image-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Left half red, right half blue: shows where the image landed after resizing. */
async function halves(width: number, height: number): Promise<sharp.Sharp> {
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3)
  return sharp(raw, { raw: { width, height, channels: 3 } })
}

const pixel = (data: Uint8Array, width: number, x: number, y: number) => Array.from(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3))

describe('prepareImage', () => {
  it('stretches to 512x512 RGB and maps input pixels back per axis', async () => {
    const png = await (await halves(400, 100)).png().toBuffer()
    const image = await prepareImage(png, 512)
    expect(image.pixels).toHaveLength(512 * 512 * 3)
    expect([image.width, image.height]).toEqual([400, 100])
    expect(pixel(image.pixels, 512, 100, 500)).toEqual([255, 0, 0])
    expect(pixel(image.pixels, 512, 400, 10)).toEqual([0, 0, 255])
    expect(toOriginal([0, 0, 512, 512], image.transform)).toEqual([0, 0, 400, 100])
    expect(toOriginal([256, 256, 384, 512], image.transform)).toEqual([200, 50, 300, 100])
  })

  it('letterboxes at the top left on grey, one scale for both axes', async () => {
    const png = await (await halves(400, 100)).png().toBuffer()
    const image = await prepareImage(png, 512, 'letterbox')
    expect(pixel(image.pixels, 512, 10, 10)).toEqual([255, 0, 0])
    expect(pixel(image.pixels, 512, 500, 100)).toEqual([0, 0, 255])
    expect(pixel(image.pixels, 512, 10, 300)).toEqual([LETTERBOX_FILL, LETTERBOX_FILL, LETTERBOX_FILL])
    expect(image.transform.scaleX).toBeCloseTo(400 / 512, 6)
    expect(image.transform.scaleY).toBeCloseTo(100 / 128, 6)
    expect(toOriginal([0, 0, 512, 128], image.transform)).toEqual([0, 0, 400, 100])
  })

  it('applies EXIF orientation: sizes and pixels are as a viewer shows them', async () => {
    // Stored 200x100 (red left, blue right), orientation 6: shown rotated 90° clockwise, 100x200.
    const file = path.join(dir, 'rotated.jpg')
    await (await halves(200, 100)).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(file)
    expect(await imageSize(file)).toMatchObject({ width: 100, height: 200 })
    const image = await prepareImage(file, 512)
    expect([image.width, image.height]).toEqual([100, 200])
    const top = pixel(image.pixels, 512, 256, 20)
    const bottom = pixel(image.pixels, 512, 256, 490)
    expect(top[0]).toBeGreaterThan(200) // red on top after rotation
    expect(bottom[2]).toBeGreaterThan(200)
  })

  it('converts grey, 16-bit and transparent images to 8-bit RGB (alpha onto white)', async () => {
    const grey = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#404040' } }).toColourspace('b-w').png().toBuffer()
    const deep = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#ff8000' } }).toColourspace('rgb16').png().toBuffer()
    const clear = await sharp({ create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer()
    expect((await sharp(deep).metadata()).depth).toBe('ushort')
    expect(pixel((await prepareImage(grey, 512)).pixels, 512, 5, 5)).toEqual([64, 64, 64])
    expect(pixel((await prepareImage(deep, 512)).pixels, 512, 5, 5)).toEqual([255, 128, 0])
    expect(pixel((await prepareImage(clear, 512)).pixels, 512, 5, 5)).toEqual([255, 255, 255])
  })

  it('shrinks an 8000x8000 PNG (no shrink-on-load for PNG) without holding its raster', async () => {
    const file = path.join(dir, 'huge.png')
    await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#20a040' } }).png().toFile(file)
    const before = process.memoryUsage().arrayBuffers
    const image = await prepareImage(file, 512)
    expect([image.width, image.height]).toEqual([8000, 8000])
    expect(pixel(image.pixels, 512, 300, 300)).toEqual([32, 160, 64])
    // JavaScript got the 0.8 MB input, not a 192 MB raster.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024)
    const drawn = await readRgb(file, 1000)
    expect([drawn.width, drawn.height, drawn.scale]).toEqual([1000, 1000, 1000 / 8000])
  })

  it('refuses an image over 100 megapixels from its header, naming its size', async () => {
    const bomb = await pngDeclaring(12000, 12000)
    const expected = 'image too large: 12000x12000 pixels (144 megapixels); the limit is 100 megapixels'
    await expect(imageSize(bomb)).rejects.toThrow(new ImageReadError(expected))
    await expect(prepareImage(bomb, 512)).rejects.toThrow(expected)
    await expect(readRgb(bomb, 1000)).rejects.toThrow(expected)
  })

  it('says why a file is not an image', async () => {
    await expect(prepareImage(Buffer.from('not an image at all'), 512)).rejects.toThrow(ImageReadError)
    await expect(prepareImage(new Uint8Array(0), 512)).rejects.toThrow('empty file (0 bytes)')
    await expect(prepareImage(path.join(dir, 'nope.png'), 512)).rejects.toThrow('no such file')
    await expect(prepareImage(dir, 512)).rejects.toThrow('is a folder')
  })
})

describe('drawing', () => {
  it('draws box outlines inside the box, clipped to the raster', () => {
    const w = 10
    const h = 8
    const data = new Uint8Array(w * h * 3)
    drawBox(data, w, h, [2, 2, 6, 6], 1, [9, 9, 9])
    expect(pixel(data, w, 2, 2)).toEqual([9, 9, 9])
    expect(pixel(data, w, 5, 4)).toEqual([9, 9, 9]) // right edge: column 5 (x2 - 1)
    expect(pixel(data, w, 3, 3)).toEqual([0, 0, 0]) // inside stays
    expect(pixel(data, w, 6, 4)).toEqual([0, 0, 0]) // outside stays
    drawBox(data, w, h, [-5, -5, 50, 50], 2, [7, 7, 7]) // off the raster: no throw, edges clipped
    expect(pixel(data, w, 9, 7)).toEqual([0, 0, 0])
  })

  it('escapes label text in the SVG overlay', () => {
    const svg = labelOverlay(100, 50, [{ box: [10, 20, 50, 40], text: 'a<b & "c"', rgb: [255, 0, 0] }], 12)
    expect(svg).toContain('a&#60;b &#38; &#34;c&#34;')
    expect(svg).not.toContain('a<b')
  })
})
