import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { skipWithoutFashionMnist } from '../helpers/prerequisites'
import {
  DatasetError,
  DatasetRegistry,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  IdxFormatError,
  findIdxFiles,
  parseIdx,
  readIdxSplit,
} from '../../src/main/datasets/index.js'
import { greyToRgb } from '../../src/main/datasets/resize.js'
import { idxBytes, pixel, removeTempDirs, tempDir, writeIdxFolder } from './fixtures.js'

afterAll(removeTempDirs)

describe('parseIdx', () => {
  it('reads dims and data', () => {
    const parsed = parseIdx(idxBytes([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    expect(parsed.dims).toEqual([2, 2, 3])
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  it('rejects a bad magic number, an unsupported type and truncated data clearly', () => {
    const good = idxBytes([3], [0, 1, 2])
    const badMagic = good.slice()
    badMagic[0] = 0x1f
    expect(() => parseIdx(badMagic)).toThrow(/bad magic number 1f 00 08 01/)
    const floats = good.slice()
    floats[2] = 0x0d
    expect(() => parseIdx(floats)).toThrow(/unsupported element type 0xd/)
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(IdxFormatError)
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow('truncated data: dimensions 3 need 3 bytes after the header, the file has 2')
    expect(() => parseIdx(good.subarray(0, 6))).toThrow(/truncated header/)
    expect(() => parseIdx(new Uint8Array(2))).toThrow(/too short/)
  })
})

describe('IDX folders', () => {
  it('pairs train/t10k files, plain and gzipped, into splits', async () => {
    for (const gzip of [false, true]) {
      const folder = await tempDir()
      await writeIdxFolder(folder, { train: 12, test: 5, gzip })
      const files = await findIdxFiles(folder)
      expect(files).not.toBeNull()
      expect(files!.train.images).toBe(join(folder, `train-images-idx3-ubyte${gzip ? '.gz' : ''}`))
      const train = await readIdxSplit(files!.train, 10)
      expect([train.count, train.rows, train.cols]).toEqual([12, 4, 4])
      expect(train.images[16]).toBe(22)
      expect(Array.from(train.labels.subarray(0, 3))).toEqual([0, 1, 2])
      expect((await readIdxSplit(files!.test!, 10)).count).toBe(5)
    }
  })

  it('detects gzip by its magic bytes, not by the file name', async () => {
    const folder = await tempDir()
    await writeIdxFolder(folder, { train: 3, test: 0 })
    const file = join(folder, 'train-labels-idx1-ubyte')
    await writeFile(file, gzipSync(await readFile(file)))
    const files = await findIdxFiles(folder)
    expect(Array.from((await readIdxSplit(files!.train, 10)).labels)).toEqual([0, 1, 2])
  })

  it('returns null for a folder without IDX files', async () => {
    expect(await findIdxFiles(await tempDir())).toBeNull()
  })

  it('names both files when the label count differs from the image count', async () => {
    const folder = await tempDir()
    await writeIdxFolder(folder, { train: 4, test: 2 })
    await writeFile(join(folder, 't10k-labels-idx1-ubyte'), idxBytes([3], [0, 1, 2]))
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    const error = (await registry.load(folder, { size: 8 }).then(
      () => null,
      (e: unknown) => e,
    )) as DatasetError
    expect(error).toBeInstanceOf(DatasetError)
    expect(error.message).toContain(join(folder, 't10k-images-idx3-ubyte'))
    expect(error.message).toContain(join(folder, 't10k-labels-idx1-ubyte'))
    expect(error.message).toContain('has 2 images but')
  })

  it('names a truncated file', async () => {
    const folder = await tempDir()
    await writeIdxFolder(folder, { train: 4, test: 2, gzip: true })
    const file = join(folder, 'train-images-idx3-ubyte.gz')
    await writeFile(file, gzipSync(idxBytes([4, 4, 4], new Uint8Array(60))))
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    await expect(registry.load(folder, { size: 8 })).rejects.toThrow(`${file}: not a valid IDX file: truncated data`)
  })

  it('stops gunzipping at the size the IDX header declares, and refuses a header over 1 GiB', async () => {
    const folder = await tempDir()
    await writeIdxFolder(folder, { train: 4, test: 2, gzip: true })
    const file = join(folder, 'train-images-idx3-ubyte.gz')
    // Declares 4x4x4 (64 bytes of data), then 64 MiB of zeros: a gzip bomb compresses to ~64 KiB.
    const bomb = gzipSync(idxBytes([4, 4, 4], new Uint8Array(64 * 1024 * 1024)))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    await writeFile(file, bomb)
    const files = (await findIdxFiles(folder))!
    await expect(readIdxSplit(files.train, 10)).rejects.toThrow(
      new DatasetError(`${file}: gunzips to more than the 80 bytes its IDX header declares (4x4x4); refused`, file),
    )
    // A header that declares more than 1 GiB is refused before anything more is inflated.
    await writeFile(file, gzipSync(idxBytes([100_000, 100, 200], new Uint8Array(16))))
    await expect(readIdxSplit(files.train, 10)).rejects.toThrow(
      `${file}: its IDX header declares 100000x100x200 (1907 MiB), more than the 1024 MiB an IDX file may have`,
    )
  })

  it('loads as RGB at the requested size with digit or Fashion-MNIST class names', async () => {
    const base = await tempDir()
    const digits = join(base, 'mnist')
    const fashion = join(base, 'my-fashion-data')
    await writeIdxFolder(digits, { train: 20, test: 10 })
    await writeIdxFolder(fashion, { train: 20, test: 10, gzip: true })
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })

    const d = await registry.load(digits, { size: 8, limitPerClass: { train: 1 } })
    expect(d.info.format).toBe('idx')
    expect(d.info.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(d.train.labels.length).toBe(10)
    expect(d.train.images.length).toBe(10 * 8 * 8 * 3)
    expect(d.test.labels.length).toBe(10)
    // Item 3 (label 3) is filled with 3 * 17 + 5 = 56: grey becomes R = G = B.
    expect(pixel(d.train.images, 8, 3, 27)).toEqual([56, 56, 56])

    const f = await registry.load(fashion, { size: 8 })
    expect(f.info.classes).toEqual(FASHION_MNIST_CLASSES)
    expect(f.info.counts.train['Ankle boot']).toBe(2)
  })
})

describe('greyToRgb', () => {
  it('copies at the same size and interpolates when scaling up', () => {
    const src = new Uint8Array([0, 100, 200, 44])
    expect(Array.from(greyToRgb(src, 2, 2, 2))).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 44, 44, 44])
    const up = greyToRgb(new Uint8Array([0, 200]), 1, 2, 4)
    // Row of 4 from [0, 200] with half-pixel centres: 0, 50, 150, 200.
    expect(Array.from(up.subarray(0, 12)).filter((_, i) => i % 3 === 0)).toEqual([0, 50, 150, 200])
  })
})

describe.skipIf(skipWithoutFashionMnist())('the installed Fashion-MNIST', () => {
  it('has 60000 training images of 28x28 and loads a few per class', async () => {
    const files = await findIdxFiles(FASHION_MNIST_DIR)
    const train = await readIdxSplit(files!.train, 10)
    expect([train.count, train.rows, train.cols]).toEqual([60000, 28, 28])

    const registry = new DatasetRegistry(await tempDir())
    const data = await registry.load('fashion-mnist', { size: 28, limitPerClass: { train: 3, test: 2 } })
    expect(data.info.origin).toBe('builtin')
    expect(data.info.classes).toEqual(FASHION_MNIST_CLASSES)
    expect(data.train.labels.length).toBe(30)
    expect(data.test.labels.length).toBe(20)
    expect(Object.values(data.info.counts.train)).toEqual(Array(10).fill(3))
    // At its own size the data is the IDX bytes, grey copied to three channels.
    const first = train.images.subarray(0, 28 * 28)
    const rgb = data.train.images.subarray(0, 28 * 28 * 3)
    expect(Array.from(rgb).filter((_, i) => i % 3 === 0)).toEqual(Array.from(first))
  })
})
