import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { DatasetRegistry, ImageDecodeError, decodeFiles, decodeImage } from '../../src/main/datasets/index.js'
import { prepareImage as prepareForClassifier } from '../../src/main/predict/preprocess.js'
import { pngDeclaring } from '../helpers/hugeImage.js'
import { colourOf, pixel, removeTempDirs, tempDir, writeClass, writeImage, writeText } from './fixtures.js'

afterAll(removeTempDirs)

describe('decodeImage', () => {
  it('turns grey, RGBA (onto white), 16-bit and palette PNGs into 8-bit RGB of the requested size', async () => {
    const grey = await sharp(Buffer.alloc(6 * 4, 100), { raw: { width: 6, height: 4, channels: 1 } }).png().toBuffer()
    const rgba = Buffer.alloc(4 * 4 * 4)
    for (let i = 0; i < 16; i++) rgba.set(i < 8 ? [255, 0, 0, 255] : [0, 0, 255, 0], i * 4)
    const rgbaPng = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toBuffer()
    const deep = new Uint16Array(5 * 5).fill(0x8080)
    const grey16 = await sharp(Buffer.from(deep.buffer), { raw: { width: 5, height: 5, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer()
    const palette = await sharp(Buffer.alloc(8 * 8 * 3, 200), { raw: { width: 8, height: 8, channels: 3 } })
      .png({ palette: true })
      .toBuffer()
    expect((await sharp(grey16).metadata()).depth).toBe('ushort')
    expect((await sharp(palette).metadata()).isPalette).toBe(true)

    const g = await decodeImage(grey, 3)
    expect(g.length).toBe(3 * 3 * 3)
    expect(Array.from(g.subarray(0, 3))).toEqual([100, 100, 100])
    const a = await decodeImage(rgbaPng, 4)
    expect(Array.from(a.subarray(0, 3))).toEqual([255, 0, 0])
    // Transparent pixels are flattened onto white, whatever colour they held.
    expect(Array.from(a.subarray(a.length - 3))).toEqual([255, 255, 255])
    expect(Array.from((await decodeImage(grey16, 2)).subarray(0, 3))).toEqual([128, 128, 128])
    expect(Array.from((await decodeImage(palette, 2)).subarray(0, 3))).toEqual([200, 200, 200])
  })

  it('resizes without keeping the aspect ratio', async () => {
    const raw = Buffer.alloc(20 * 2 * 3)
    for (let x = 0; x < 20; x++) for (const y of [0, 1]) raw.set(x < 10 ? [0, 0, 0] : [250, 250, 250], (y * 20 + x) * 3)
    const wide = await sharp(raw, { raw: { width: 20, height: 2, channels: 3 } }).png().toBuffer()
    const out = await decodeImage(wide, 4)
    // Left half dark, right half light on every row: the 20x2 image filled the 4x4 square.
    for (let y = 0; y < 4; y++) {
      expect(out[(y * 4 + 0) * 3]).toBeLessThan(60)
      expect(out[(y * 4 + 3) * 3]).toBeGreaterThan(190)
    }
  })

  it('throws ImageDecodeError with a readable reason', async () => {
    await expect(decodeImage(new Uint8Array(0), 4)).rejects.toThrow('empty file (0 bytes)')
    await expect(decodeImage(Buffer.from('not an image'), 4)).rejects.toThrow(ImageDecodeError)
    await expect(decodeImage(Buffer.from('not an image'), 4)).rejects.toThrow(/^not a readable image: /)
  })
})

describe('decodeFiles', () => {
  it('refuses an image over 100 megapixels with its size (training data and prediction alike)', async () => {
    const bomb = await pngDeclaring(12000, 12000)
    const expected = 'image too large: 12000x12000 pixels (144 megapixels); the limit is 100 megapixels'
    await expect(decodeImage(bomb, 8)).rejects.toThrow(new ImageDecodeError(expected))
    await expect(prepareForClassifier(bomb, 8, false)).rejects.toThrow(expected)
    // At import the header check already skips it with that reason.
    const root = await tempDir()
    await writeClass(join(root, 'a'), 2, 'a')
    await writeClass(join(root, 'b'), 2, 'b')
    await writeFile(join(root, 'b', 'bomb.png'), bomb)
    const info = await new DatasetRegistry(await tempDir(), { fashionMnistDir: null }).import(root)
    expect(info.skipped).toEqual([{ file: join('b', 'bomb.png'), reason: expected }])
  })

  it('reports progress, keeps file order and records failures without throwing', async () => {
    const dir = await tempDir()
    const files = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => {
        const file = join(dir, `f${i}.png`)
        if (i === 3) await writeText(file, 'garbage')
        else await writeImage(file, colourOf(i))
        return file
      }),
    )
    const progress: Array<[number, number]> = []
    const out = await decodeFiles(files, 2, { concurrency: 2, onProgress: (d, t) => progress.push([d, t]) })
    expect(progress).toEqual([1, 2, 3, 4, 5].map((d) => [d, 5]))
    expect(out.errors.map((e) => e === null)).toEqual([true, true, false, true, true])
    expect(out.errors[2]).toMatch(/^not a readable image: /)
    expect([0, 1, 3, 4].map((n) => pixel(out.pixels, 2, n))).toEqual([1, 2, 4, 5].map(colourOf))
    expect(out.digests[0]).toHaveLength(32)
  })
})

describe('loading a folder with bad files', () => {
  it('skips a truncated JPEG, a text file named .png, a zero-byte file and a .txt file, and loads the rest', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 4, 'cat')
    await writeClass(join(root, 'dogs'), 4, 'dog', 50)
    await writeImage(join(root, 'cats', 'grey.jpg'), [90, 90, 90], 64)
    const jpeg = await readFile(join(root, 'cats', 'grey.jpg'))
    await writeFile(join(root, 'cats', 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)))
    await writeText(join(root, 'dogs', 'fake.png'), 'this is text, not a PNG')
    await writeText(join(root, 'dogs', 'zero.png'), '')
    await writeText(join(root, 'dogs', 'notes.txt'), 'good dogs')

    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    const data = await registry.load(root, { size: 8 })
    const reasons = Object.fromEntries(data.skipped.map((s) => [s.file, s.reason]))
    expect(Object.keys(reasons).sort()).toEqual(
      [join('cats', 'truncated.jpg'), join('dogs', 'fake.png'), join('dogs', 'notes.txt'), join('dogs', 'zero.png')].sort(),
    )
    // libvips reports a JPEG cut in half either way, depending on where its reader stops.
    expect(reasons[join('cats', 'truncated.jpg')]).toMatch(/^not a readable image: .*(premature end|corrupt header)/i)
    expect(reasons[join('dogs', 'fake.png')]).toMatch(/^not a readable image: /)
    expect(reasons[join('dogs', 'zero.png')]).toBe('empty file (0 bytes)')
    expect(reasons[join('dogs', 'notes.txt')]).toMatch(/^not an image file \(extension \.txt/)
    expect(data.info.skipped).toEqual(data.skipped)
    // 5 cats (4 + grey.jpg) and 4 dogs decoded; a class of 2-9 readable files gives its last
    // READABLE file to the test split (not truncated.jpg or fake.png, which sort last).
    expect(data.info.counts).toEqual({ train: { cats: 4, dogs: 3 }, test: { cats: 1, dogs: 1 } })
    expect(data.train.images.length).toBe(7 * 8 * 8 * 3)
    const [r, g, b] = pixel(data.test.images, 8, 0)
    expect(Math.abs(r - 90) + Math.abs(g - 90) + Math.abs(b - 90)).toBeLessThan(10)
  })
})
