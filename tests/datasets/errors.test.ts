import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DatasetError, DatasetRegistry, scanImageFolder } from '../../src/main/datasets/index.js'
import { removeTempDirs, tempDir, writeClass, writeImage, writeText } from './fixtures.js'

afterAll(removeTempDirs)

async function failure(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DatasetError)
  return error as DatasetError
}

describe('dataset errors name the path at fault', () => {
  it('missing path', async () => {
    const root = join(await tempDir(), 'nowhere')
    const error = await failure(scanImageFolder(root))
    expect(error.message).toBe(`no such file or folder: ${root}`)
    expect(error.path).toBe(root)
  })

  it('a file instead of a folder', async () => {
    const file = join(await tempDir(), 'cat.png')
    await writeImage(file, [1, 2, 3])
    const error = await failure(scanImageFolder(file))
    expect(error.message).toMatch(/^not a folder: /)
    expect(error.message).toContain(file)
    expect(error.path).toBe(file)
  })

  it('a folder in neither layout describes both layouts', async () => {
    const root = await tempDir()
    await writeImage(join(root, 'a.png'), [1, 2, 3])
    await writeImage(join(root, 'b.png'), [3, 2, 1])
    const error = await failure(scanImageFolder(root))
    expect(error.path).toBe(root)
    expect(error.message).toContain(root)
    expect(error.message).toContain('<folder>/<class>/<image files>')
    expect(error.message).toContain('training_set')

    const empty = await tempDir()
    await mkdir(join(empty, 'cats'))
    await mkdir(join(empty, 'dogs'))
    expect((await failure(scanImageFolder(empty))).message).toContain('hold no files')
  })

  it('a training folder without a test folder is neither layout', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'train', 'a'), 1, 'a')
    await writeClass(join(root, 'train', 'b'), 1, 'b')
    const error = await failure(scanImageFolder(root))
    expect(error.message).toContain('not exactly one training and one test folder')
  })

  it('a class folder with no usable image', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 2, 'cat')
    await writeText(join(root, 'dogs', 'notes.txt'), 'no dogs yet')
    await writeText(join(root, 'dogs', 'empty.png'), '')
    const error = await failure(scanImageFolder(root))
    expect(error.path).toBe(join(root, 'dogs'))
    expect(error.message).toBe(`class folder has no usable image: ${join(root, 'dogs')} (its 2 entries were skipped)`)
  })

  it('a single class is not a classification data set', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 2, 'cat')
    expect((await failure(scanImageFolder(root))).message).toContain('only one class (cats)')
  })

  it('load of an unknown name says what was looked for', async () => {
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    const error = await failure(registry.load('no-such-dataset-here', { size: 8 }))
    expect(error.message).toMatch(/^unknown data set "no-such-dataset-here": not a built-in \(shapes\), not an imported id, and no such file or folder: /)
  })

  it('load rejects bad sizes and limits before touching files', async () => {
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    await expect(registry.load('shapes', { size: 4 })).rejects.toThrow(/size must be an integer/)
    await expect(registry.load('shapes', { size: 8, limitPerClass: { train: -1 } })).rejects.toThrow(/limitPerClass.train/)
  })
})

describe('fashion-mnist when it is not installed', () => {
  it('says which package provides it', async () => {
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: join(await tempDir(), 'absent') })
    expect((await registry.list()).map((d) => d.id)).toEqual(['shapes'])
    const error = await failure(registry.load('fashion-mnist', { size: 8 }))
    expect(error.message).toMatch(/^fashion-mnist is not installed: no IDX files in .*absent \(Debian package dataset-fashion-mnist\)$/)
  })
})
