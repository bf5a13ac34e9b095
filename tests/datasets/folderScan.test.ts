import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DatasetRegistry, scanImageFolder } from '../../src/main/datasets/index.js'
import { colourOf, pixel, removeTempDirs, tempDir, writeClass, writeText } from './fixtures.js'

afterAll(removeTempDirs)

describe('scanImageFolder', () => {
  it('reads root/<class>/* as class-folders and puts every 10th file of a class (the last of a small class) in the test split', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 12, 'cat.')
    await writeClass(join(root, 'dogs'), 5, 'dog.')
    await writeText(join(root, 'cats', '.DS_Store'), 'x')
    await writeText(join(root, 'README.txt'), 'about')
    await mkdir(join(root, '.git'))

    const scan = await scanImageFolder(root)
    expect(scan.format).toBe('class-folders')
    expect(scan.classes).toEqual(['cats', 'dogs'])
    const names = (split: string, cls: string) => scan.files.filter((f) => f.split === split && f.className === cls).map((f) => f.rel)
    // Sorted by name: cat.1, cat.10, cat.11, cat.12, cat.2, ... so the 10th is cat.7.
    expect(names('test', 'cats')).toEqual([join('cats', 'cat.7.png')])
    expect(names('train', 'cats')).toHaveLength(11)
    expect(names('train', 'cats').slice(0, 4)).toEqual(['cat.1.png', 'cat.10.png', 'cat.11.png', 'cat.12.png'].map((n) => join('cats', n)))
    // A class smaller than 10 still gives its last file to the test split.
    expect(names('train', 'dogs')).toHaveLength(4)
    expect(names('test', 'dogs')).toEqual([join('dogs', 'dog.5.png')])
    // Hidden files are ignored, not reported; stray files are reported.
    expect(scan.skipped).toEqual([{ file: 'README.txt', reason: 'not inside a class folder' }])
    // Train files come first, then test; each split by class then name.
    expect(scan.files.map((f) => f.split)).toEqual([...Array(15).fill('train'), 'test', 'test'])
  })

  it('reads training_set/test_set folders, including the Kaggle archive nesting', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'training_set', 'training_set', 'cats'), 3, 'cat.')
    await writeClass(join(root, 'training_set', 'training_set', 'dogs'), 4, 'dog.')
    await writeClass(join(root, 'test_set', 'test_set', 'cats'), 2, 'cat.')
    await writeClass(join(root, 'test_set', 'test_set', 'dogs'), 1, 'dog.')

    const scan = await scanImageFolder(root)
    expect(scan.format).toBe('train-test-folders')
    expect(scan.classes).toEqual(['cats', 'dogs'])
    const count = (split: string, cls: string) => scan.files.filter((f) => f.split === split && f.className === cls).length
    expect([count('train', 'cats'), count('train', 'dogs'), count('test', 'cats'), count('test', 'dogs')]).toEqual([3, 4, 2, 1])
    expect(scan.files[0].rel).toBe(join('training_set', 'training_set', 'cats', 'cat.1.png'))
    expect(scan.skipped).toEqual([])
  })

  it('accepts train/test folder names and classes missing from one split', async () => {
    const root = await tempDir()
    await writeClass(join(root, 'train', 'a'), 2, 'a')
    await writeClass(join(root, 'train', 'b'), 2, 'b')
    await writeClass(join(root, 'test', 'a'), 1, 'a')
    await writeText(join(root, 'labels.csv'), 'x')

    const scan = await scanImageFolder(root)
    expect(scan.format).toBe('train-test-folders')
    expect(scan.classes).toEqual(['a', 'b'])
    expect(scan.files.filter((f) => f.split === 'test').map((f) => f.className)).toEqual(['a'])
    expect(scan.skipped).toEqual([{ file: 'labels.csv', reason: 'outside the training and test folders' }])
  })
})

describe('first N of each class by sorted file name', () => {
  it('loads exactly the first files by name per class and split', async () => {
    const root = await tempDir()
    // Colours follow the number in the name: cat.<i>.png has colourOf(i).
    await writeClass(join(root, 'training_set', 'cats'), 12, 'cat.')
    await writeClass(join(root, 'training_set', 'dogs'), 12, 'dog.', 100)
    await writeClass(join(root, 'test_set', 'cats'), 3, 'cat.', 200)
    await writeClass(join(root, 'test_set', 'dogs'), 3, 'dog.', 300)
    const home = await tempDir()
    const data = await new DatasetRegistry(home, { fashionMnistDir: null }).load(root, {
      size: 8,
      limitPerClass: { train: 3, test: 1 },
    })
    expect(data.info.format).toBe('train-test-folders')
    expect(data.info.counts).toEqual({ train: { cats: 3, dogs: 3 }, test: { cats: 1, dogs: 1 } })
    expect(Array.from(data.train.labels)).toEqual([0, 0, 0, 1, 1, 1])
    // Code-unit order: cat.1, cat.10, cat.11 (not cat.1, cat.2, cat.3).
    const expected = [1, 10, 11, 101, 110, 111].map(colourOf)
    expect([0, 1, 2, 3, 4, 5].map((n) => pixel(data.train.images, 8, n))).toEqual(expected)
    expect([0, 1].map((n) => pixel(data.test.images, 8, n))).toEqual([colourOf(201), colourOf(301)])
  })
})

describe('names that are not valid UTF-8', () => {
  /** A path whose last part is `before` + the raw byte 0xE9 (Latin-1 "é", invalid alone in UTF-8) + `after`. */
  const latin1 = (folder: string, before: string, after: string) =>
    Buffer.concat([Buffer.from(join(folder, before)), Buffer.from([0xe9]), Buffer.from(after)])

  it('are skipped for that reason, a folder as a class left out, and the other files still load', async () => {
    const { mkdirSync, readFileSync, writeFileSync } = await import('node:fs')
    const root = await tempDir()
    await writeClass(join(root, 'cats'), 3, 'cat')
    await writeClass(join(root, 'dogs'), 3, 'dog')
    // A file in a class folder, and a whole class folder ("café"), named in Latin-1.
    writeFileSync(latin1(join(root, 'cats'), 'caf', '.png'), readFileSync(join(root, 'cats', 'cat1.png')))
    const badClass = latin1(root, 'caf', '')
    mkdirSync(badClass)
    writeFileSync(Buffer.concat([badClass, Buffer.from('/a.png')]), readFileSync(join(root, 'cats', 'cat1.png')))

    const scan = await scanImageFolder(root)
    expect(scan.classes).toEqual(['cats', 'dogs'])
    expect(scan.skipped).toEqual([
      { file: 'caf\uFFFD', reason: 'folder name is not valid UTF-8, so its files are left out (rename the folder to use them)' },
      { file: join('cats', 'caf\uFFFD.png'), reason: 'file name is not valid UTF-8 (rename the file to use it)' },
    ])
    const registry = new DatasetRegistry(await tempDir(), { fashionMnistDir: null })
    const info = await registry.import(root)
    expect(info.counts).toEqual({ train: { cats: 2, dogs: 2 }, test: { cats: 1, dogs: 1 } })
    expect(info.skipped.map((s) => s.reason)).toEqual(scan.skipped.map((s) => s.reason))
  })
})
