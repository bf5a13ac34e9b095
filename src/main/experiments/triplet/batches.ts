/**
 * P x K batches for online triplet mining (FaceNet, "In Defense of the Triplet Loss"): each step
 * draws P classes and K images of each, so every anchor has K - 1 positives and (P - 1) K
 * negatives in its batch. Pure and seeded: batch i of an epoch depends only on (seed, epoch, i).
 */
import { deriveSeed, mulberry32, permutation, type Rng } from '../../../shared/random'

/** Image indices of each class, for the classes that have at least two (only those can be anchors). */
export interface ClassIndex {
  /** byClass[c] = indices of class c's images (empty for a class with none). */
  byClass: number[][]
  /** Classes with at least two images. */
  usable: number[]
}

export function indexByClass(labels: ArrayLike<number>, classes: number): ClassIndex {
  const byClass = Array.from({ length: classes }, () => [] as number[])
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i)
  return { byClass, usable: byClass.flatMap((items, c) => (items.length >= 2 ? [c] : [])) }
}

export interface PkShape {
  /** Classes per batch, at most the usable ones. */
  p: number
  k: number
}

/**
 * Images per batch at most: semi-hard mining holds every (anchor, positive, negative) triple of
 * the batch, b^3 numbers per tensor (256 images: 16.8 M, 67 MB each).
 */
export const MAX_BATCH_IMAGES = 256

/** Refuses a P x K batch larger than MAX_BATCH_IMAGES, before any data is read. */
export function checkBatchSize(classesPerBatch: number, imagesPerClass: number): void {
  const b = classesPerBatch * imagesPerClass
  if (b > MAX_BATCH_IMAGES) throw new Error(`classesPerBatch x imagesPerClass = ${classesPerBatch} x ${imagesPerClass} = ${b} images per batch; at most ${MAX_BATCH_IMAGES} (the mining compares every triple of the batch)`)
}

/** The batch shape a run really uses: P capped at the usable classes; refuses data with fewer than two. */
export function batchShape(index: ClassIndex, classesPerBatch: number, imagesPerClass: number, dataset: string): PkShape {
  if (index.usable.length < 2) {
    throw new Error(`dataset ${dataset} has ${index.usable.length} class(es) with at least two training images; triplets need at least two such classes (identities)`)
  }
  return { p: Math.min(classesPerBatch, index.usable.length), k: imagesPerClass }
}

/** K distinct images of a class (all of them, then repeats, when it has fewer than K). */
function draw(rng: Rng, items: readonly number[], k: number): number[] {
  const order = permutation(rng, items.length)
  return Array.from({ length: k }, (_, i) => items[order[i % items.length]])
}

/** Batch `batch` of `epoch`: P classes x K images as [p * k] image indices (class-major) and their labels. */
export function pkBatch(index: ClassIndex, shape: PkShape, seed: number, epoch: number, batch: number): { indices: Int32Array; labels: Int32Array } {
  const rng = mulberry32(deriveSeed(seed, 'pk-batch', epoch, batch))
  const classOrder = permutation(rng, index.usable.length)
  const indices = new Int32Array(shape.p * shape.k)
  const labels = new Int32Array(shape.p * shape.k)
  for (let j = 0; j < shape.p; j++) {
    const c = index.usable[classOrder[j]]
    draw(rng, index.byClass[c], shape.k).forEach((image, i) => {
      indices[j * shape.k + i] = image
      labels[j * shape.k + i] = c
    })
  }
  return { indices, labels }
}

/** Steps in an epoch: as many batches as the training images fill (at least one). */
export function stepsPerEpoch(images: number, shape: PkShape): number {
  return Math.max(1, Math.floor(images / (shape.p * shape.k)))
}
