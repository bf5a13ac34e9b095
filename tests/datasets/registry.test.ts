import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { skipWithoutFashionMnist } from '../helpers/prerequisites'
import { DatasetError, DatasetRegistry, FASHION_MNIST_DIR } from '../../src/main/datasets/index.js'
import { removeTempDirs, tempDir, writeClass, writeIdxFolder, writeText } from './fixtures.js'

afterAll(removeTempDirs)

async function petFolder(): Promise<string> {
  const root = join(await tempDir(), 'Pets')
  await writeClass(join(root, 'cats'), 10, 'cat')
  await writeClass(join(root, 'dogs'), 6, 'dog', 30)
  await writeText(join(root, 'dogs', 'fake.png'), 'not a png')
  await writeText(join(root, 'notes.md'), '# notes')
  return root
}

const registryIn = async () => new DatasetRegistry(await tempDir(), { fashionMnistDir: null })

describe('DatasetRegistry', () => {
  it('lists the built-in shapes data set', async () => {
    const [shapes, ...rest] = await (await registryIn()).list()
    expect(rest).toEqual([])
    expect(shapes).toMatchObject({ id: 'shapes', origin: 'builtin', format: 'generator', kind: 'image-classification', importedAt: null })
    expect(shapes.classes).toEqual(['circle', 'square', 'triangle'])
    expect(shapes.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('imports a folder, records it, and lists it', async () => {
    const root = await petFolder()
    const registry = await registryIn()
    const info = await registry.import(root)
    expect(info).toMatchObject({ id: 'pets', name: 'Pets', origin: 'imported', format: 'class-folders', source: root })
    expect(info.classes).toEqual(['cats', 'dogs'])
    // fake.png sorts last among the dogs; it is unreadable, so the last READABLE dog is the test image.
    expect(info.counts).toEqual({ train: { cats: 9, dogs: 5 }, test: { cats: 1, dogs: 1 } })
    expect(info.skipped).toEqual([
      { file: 'notes.md', reason: 'not inside a class folder' },
      { file: join('dogs', 'fake.png'), reason: expect.stringMatching(/^not a readable image: /) },
    ])
    expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(Date.parse(info.importedAt!)).toBeGreaterThan(Date.now() - 60_000)

    const recorded = JSON.parse(await readFile(join(registry.dir, 'pets.json'), 'utf8'))
    expect(recorded).toEqual(info)
    expect((await registry.list()).map((d) => d.id)).toEqual(['shapes', 'pets'])
    expect(await registry.get('pets')).toEqual(info)
  })

  it('gives a second import a unique id and the same fingerprint; a changed file changes it', async () => {
    const root = await petFolder()
    const registry = await registryIn()
    const a = await registry.import(root)
    const b = await registry.import(root, 'Pets')
    const c = await registry.import(root, 'My Cats & Dogs!')
    expect([a.id, b.id, c.id]).toEqual(['pets', 'pets-2', 'my-cats-dogs'])
    expect(b.fingerprint).toBe(a.fingerprint)
    expect(c.fingerprint).toBe(a.fingerprint)

    await writeClass(join(root, 'cats'), 1, 'cat', 99)
    expect((await registry.import(root)).fingerprint).not.toBe(a.fingerprint)
    // A built-in's id is never given to an import.
    const shapesFolder = join(await tempDir(), 'shapes')
    await writeClass(join(shapesFolder, 'a'), 2, 'a')
    await writeClass(join(shapesFolder, 'b'), 2, 'b')
    expect((await registry.import(shapesFolder)).id).toBe('shapes-2')
  })

  it('removes imported data sets only', async () => {
    const registry = await registryIn()
    const info = await registry.import(await petFolder())
    await registry.remove(info.id)
    expect((await registry.list()).map((d) => d.id)).toEqual(['shapes'])
    expect(existsSync(join(registry.dir, `${info.id}.json`))).toBe(false)
    await expect(registry.remove(info.id)).rejects.toThrow(`no imported data set with id "${info.id}"`)
    await expect(registry.remove('shapes')).rejects.toThrow(DatasetError)
    await expect(registry.remove('../etc')).rejects.toThrow(/no imported data set/)
  })

  it('lists an unreadable record with its problem instead of hiding it', async () => {
    const registry = await registryIn()
    await registry.import(await petFolder())
    await writeFile(join(registry.dir, 'broken.json'), '{ not json')
    const listed = await registry.list()
    expect(listed.map((d) => d.id)).toEqual(['shapes', 'broken', 'pets'])
    expect(listed.find((d) => d.id === 'broken')!.problem).toMatch(/broken\.json/)
    expect(listed.find((d) => d.id === 'pets')!.problem).toBeUndefined()
  })

  it('loads an imported id with a fingerprint of exactly the data returned', async () => {
    const root = await petFolder()
    const registry = await registryIn()
    const imported = await registry.import(root)
    const all = await registry.load(imported.id, { size: 8 })
    expect(all.info).toMatchObject({ id: 'pets', origin: 'imported', importedAt: imported.importedAt, counts: imported.counts })
    expect(all.info.fingerprint).toBe(imported.fingerprint)
    expect(all.train.labels.length).toBe(14)
    expect(all.test.labels.length).toBe(2)

    const some = await registry.load(imported.id, { size: 8, limitPerClass: { train: 2, test: 0 } })
    expect(some.info.counts).toEqual({ train: { cats: 2, dogs: 2 }, test: { cats: 0, dogs: 0 } })
    expect(some.info.fingerprint).not.toBe(imported.fingerprint)
    // Loading by path gives the same data and fingerprint without registering anything.
    const byPath = await registry.load(root, { size: 8, limitPerClass: { train: 2, test: 0 } })
    expect(byPath.info.fingerprint).toBe(some.info.fingerprint)
    expect(byPath.info.importedAt).toBeNull()
    expect((await registry.list()).length).toBe(2)
  })

  it('names the data set when its folder has gone', async () => {
    const base = await tempDir()
    const root = join(base, 'gone')
    await writeClass(join(root, 'a'), 2, 'a')
    await writeClass(join(root, 'b'), 2, 'b')
    const registry = await registryIn()
    await registry.import(root)
    const { rm } = await import('node:fs/promises')
    await rm(root, { recursive: true })
    await expect(registry.load('gone', { size: 8 })).rejects.toThrow(`data set "gone": no such file or folder: ${root}`)
  })

  it('refuses to import a class whose every image is unreadable', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 2, 'cat')
    await writeText(join(root, 'dogs', 'dog1.png'), 'text')
    await writeText(join(root, 'dogs', 'dog2.jpg'), 'text')
    await expect((await registryIn()).import(root)).rejects.toThrow(`${root}: class "dogs" has no readable image`)
  })

  it('chooses the test split among readable files only, and refuses a split left with no image', async () => {
    // Every 10th file is test data: with one bad file per class sorting 10th, the buggy split
    // gave the test split only unreadable files (test: 0) and validation ran over zero images.
    const root = join(await tempDir(), 'Tenth')
    for (const cls of ['a', 'b']) {
      await writeClass(join(root, cls), 9, `${cls}0`)
      await writeText(join(root, cls, `${cls}9-broken.png`), 'not a png')
    }
    const registry = await registryIn()
    const info = await registry.import(root)
    expect(info.counts).toEqual({ train: { a: 8, b: 8 }, test: { a: 1, b: 1 } })
    const loaded = await registry.load(info.id, { size: 8 })
    expect(loaded.test.labels.length).toBe(2)
    expect(loaded.info.fingerprint).toBe(info.fingerprint)
    expect(loaded.skipped.map((s) => s.file)).toEqual([join('a', 'a9-broken.png'), join('b', 'b9-broken.png')])
    // Loading by path (no import) makes the same choice.
    expect((await registry.load(root, { size: 8 })).test.labels.length).toBe(2)

    // A train/test layout whose test images are all unreadable: refused, naming the data set and split.
    const split = join(await tempDir(), 'Split')
    await writeClass(join(split, 'train', 'a'), 2, 'a')
    await writeClass(join(split, 'train', 'b'), 2, 'b')
    await writeText(join(split, 'test', 'a', 'x.png'), 'text')
    await writeText(join(split, 'test', 'b', 'y.png'), 'text')
    await expect(registry.import(split)).rejects.toThrow(`cannot import "Split": ${split}: the test split has no readable image`)
    await expect(registry.load(split, { size: 8 })).rejects.toThrow(`${split}: the test split has no readable image`)
    // Asking for no test images (limit 0) is not an error.
    expect((await registry.load(split, { size: 8, limitPerClass: { test: 0 } })).test.labels.length).toBe(0)
  })

  it('imports a folder of IDX files', async () => {
    const folder = join(await tempDir(), 'digits')
    await writeIdxFolder(folder, { train: 30, test: 10, gzip: true })
    const registry = await registryIn()
    const info = await registry.import(folder)
    expect(info.format).toBe('idx')
    expect(info.counts.train['0']).toBe(3)
    expect(info.counts.test['9']).toBe(1)
    const loaded = await registry.load(info.id, { size: 8 })
    expect(loaded.info.fingerprint).toBe(info.fingerprint)
    expect(loaded.info.counts).toEqual(info.counts)
  })

  it('loads shapes from settings and seed', async () => {
    const registry = await registryIn()
    const options = { size: 16, seed: 3, shapes: { count: 100, classes: 4, testFraction: 0.2 } }
    const a = await registry.load('shapes', options)
    const b = await registry.load('shapes', options)
    const c = await registry.load('shapes', { ...options, seed: 4 })
    expect(a.info.classes).toEqual(['circle', 'square', 'triangle', 'cross'])
    expect(a.train.labels.length).toBe(80)
    expect(a.test.labels.length).toBe(20)
    expect(a.train.images.length).toBe(80 * 16 * 16 * 3)
    expect(Object.values(a.info.counts.train)).toEqual([20, 20, 20, 20])
    expect(a.info.source).toBe('generator shapes: count=100 classes=4 testFraction=0.2 noise=0.12 seed=3 size=16')
    expect(b.info.fingerprint).toBe(a.info.fingerprint)
    expect(c.info.fingerprint).not.toBe(a.info.fingerprint)
    const limited = await registry.load('shapes', { ...options, limitPerClass: { train: 5, test: 1 } })
    expect(limited.train.labels.length).toBe(20)
    expect(limited.test.labels.length).toBe(4)
    expect(limited.info.fingerprint).not.toBe(a.info.fingerprint)
  })

  it.skipIf(skipWithoutFashionMnist())('lists the installed Fashion-MNIST as a built-in', async () => {
    const list = await new DatasetRegistry(await tempDir()).list()
    const fashion = list.find((d) => d.id === 'fashion-mnist')
    expect(fashion).toMatchObject({ origin: 'builtin', format: 'idx', source: FASHION_MNIST_DIR })
    expect(fashion!.counts.train['Ankle boot']).toBe(6000)
    expect(fashion!.counts.test['Bag']).toBe(1000)
  })
})
