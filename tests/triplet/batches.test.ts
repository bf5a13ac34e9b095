import { describe, expect, it } from 'vitest'
import { batchShape, checkBatchSize, indexByClass, pkBatch, stepsPerEpoch } from '../../src/main/experiments/triplet/batches'

describe('P x K batches', () => {
  // Class 0: images 0-4, class 1: 5-6, class 2: image 7 only (never an anchor), class 3: 8-11.
  const labels = [0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 3, 3]
  const index = indexByClass(labels, 5)

  it('indexes the classes that can be anchors (two images or more)', () => {
    expect(index.byClass).toEqual([[0, 1, 2, 3, 4], [5, 6], [7], [8, 9, 10, 11], []])
    expect(index.usable).toEqual([0, 1, 3])
  })

  it('draws P distinct classes with K images of each, repeating only where a class has fewer than K', () => {
    const shape = batchShape(index, 8, 3, 'test')
    expect(shape).toEqual({ p: 3, k: 3 })
    for (let b = 0; b < 20; b++) {
      const { indices, labels: ys } = pkBatch(index, shape, 7, 1, b)
      expect(indices).toHaveLength(9)
      const groups = [0, 1, 2].map((j) => Array.from(indices.slice(j * 3, j * 3 + 3)))
      const classes = [0, 1, 2].map((j) => ys[j * 3])
      expect(new Set(classes).size).toBe(3)
      groups.forEach((g, j) => {
        for (let i = 0; i < 3; i++) expect(ys[j * 3 + i]).toBe(classes[j])
        for (const image of g) expect(labels[image]).toBe(classes[j])
        // Distinct while the class has enough images (class 1 has two: one repeat).
        expect(new Set(g).size).toBe(Math.min(3, index.byClass[classes[j]].length))
      })
    }
  })

  it('is seeded: the same (seed, epoch, batch) gives the same batch, another epoch another one', () => {
    const shape = { p: 2, k: 2 }
    expect(pkBatch(index, shape, 1, 2, 3)).toEqual(pkBatch(index, shape, 1, 2, 3))
    const differs = [0, 1, 2, 3, 4].some((b) => JSON.stringify(pkBatch(index, shape, 1, 2, b)) !== JSON.stringify(pkBatch(index, shape, 1, 3, b)))
    expect(differs).toBe(true)
  })

  it('refuses data with fewer than two classes that have two images', () => {
    expect(() => batchShape(indexByClass([0, 0, 1], 2), 4, 4, 'faces')).toThrow('dataset faces has 1 class(es) with at least two training images')
  })

  it('refuses batches whose triples would not fit in memory', () => {
    expect(() => checkBatchSize(16, 16)).not.toThrow()
    expect(() => checkBatchSize(20, 16)).toThrow('classesPerBatch x imagesPerClass = 20 x 16 = 320 images per batch; at most 256')
  })

  it('fills an epoch with as many batches as the images make', () => {
    expect(stepsPerEpoch(100, { p: 4, k: 4 })).toBe(6)
    expect(stepsPerEpoch(3, { p: 4, k: 4 })).toBe(1)
  })
})
