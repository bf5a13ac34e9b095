import { describe, expect, it } from 'vitest'
import { classFolderSplit, compareNames, isImageName, splitOfFolder } from '../../src/main/datasets/folderLayout.js'
import { mapLimit } from '../../src/main/datasets/mapLimit.js'
import { countByClass, firstOfEachClass, gatherRows } from '../../src/main/datasets/selection.js'
import { isValidId, slugify } from '../../src/main/datasets/slug.js'

describe('slugs', () => {
  it('makes file-safe ids from names', () => {
    expect(slugify('My Cats & Dogs!')).toBe('my-cats-dogs')
    expect(slugify('Café  Crème')).toBe('cafe-creme')
    expect(slugify('../..')).toBe('dataset')
    expect(slugify('x'.repeat(80))).toHaveLength(48)
    expect(isValidId('pets-2')).toBe(true)
    expect(isValidId('../etc')).toBe(false)
    expect(isValidId('/tmp/x')).toBe(false)
  })
})

describe('folder naming rules', () => {
  it('knows images, split folders, order and the class-folder test split', () => {
    expect(isImageName('a.JPG')).toBe(true)
    expect(isImageName('a.bmp')).toBe(false)
    expect(isImageName('.png')).toBe(false)
    expect(['Training_Set', 'train', 'TEST', 'test_set', 'val'].map(splitOfFolder)).toEqual(['train', 'train', 'test', 'test', null])
    expect(['b', 'B', 'a10', 'a2'].sort(compareNames)).toEqual(['B', 'a10', 'a2', 'b'])
    const splits = Array.from({ length: 20 }, (_, i) => classFolderSplit(i, 20))
    expect(splits.filter((s) => s === 'test')).toHaveLength(2)
    expect(splits[9]).toBe('test')
    expect(Array.from({ length: 4 }, (_, i) => classFolderSplit(i, 4))).toEqual(['train', 'train', 'train', 'test'])
    expect(classFolderSplit(0, 1)).toBe('train')
  })
})

describe('selection', () => {
  it('keeps the first N of each class in order', () => {
    const labels = [2, 0, 0, 1, 0, 2, 2, 1]
    const idx = labels.map((_, i) => i)
    expect(firstOfEachClass(idx, (i) => labels[i], 2)).toEqual([0, 1, 2, 3, 5, 7])
    expect(firstOfEachClass(idx, (i) => labels[i], 0)).toEqual([])
    expect(firstOfEachClass(idx, (i) => labels[i], undefined)).toBe(idx)
    expect(countByClass(labels, ['a', 'b', 'c', 'd'])).toEqual({ a: 3, b: 2, c: 3, d: 0 })
    expect(Array.from(gatherRows(new Uint8Array([1, 1, 2, 2, 3, 3]), 2, [2, 0]))).toEqual([3, 3, 1, 1])
  })
})

describe('mapLimit', () => {
  it('never runs more than the limit at once and keeps result order', async () => {
    let running = 0
    let peak = 0
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, ms))
      running--
      return i * 10
    })
    expect(out).toEqual([0, 10, 20, 30, 40, 50])
    expect(peak).toBe(2)
  })
})
