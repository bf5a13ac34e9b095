/**
 * Content fingerprints (sha256, hex) of data sets. Each describes exactly the items a load
 * returns, in order, so two runs with equal fingerprints saw the same data:
 *   files:  per item its split, class and the sha256 of the file's bytes (files in sorted order)
 *   IDX:    per item its split, label and grey pixels
 *   arrays: the returned images and labels themselves (generated data)
 * The target image size is not part of it: a run records that with its other settings.
 */
import { createHash } from 'node:crypto'
import type { Split } from './folderLayout.js'

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest()
}

export interface FileItem {
  split: Split
  className: string
  /** sha256 of the file's bytes. */
  digest: Uint8Array
}

export function fileItemsFingerprint(items: FileItem[]): string {
  const hash = createHash('sha256').update('benchtop-files-v1\n')
  for (const item of items) {
    hash.update(`${item.split}\t${item.className}\t${Buffer.from(item.digest).toString('hex')}\n`)
  }
  return hash.digest('hex')
}

export interface IdxItems {
  split: Split
  rows: number
  cols: number
  /** [count, rows, cols] grey bytes and [count] labels of the source. */
  images: Uint8Array
  labels: Uint8Array
  /** Which items are used, in order. */
  indices: number[]
}

export function idxFingerprint(splits: IdxItems[]): string {
  const hash = createHash('sha256').update('benchtop-idx-v1\n')
  for (const s of splits) {
    const plane = s.rows * s.cols
    hash.update(`${s.split}\t${s.indices.length}\t${s.rows}x${s.cols}\n`)
    for (const i of s.indices) {
      hash.update(s.labels.subarray(i, i + 1))
      hash.update(s.images.subarray(i * plane, (i + 1) * plane))
    }
  }
  return hash.digest('hex')
}

/** Fingerprint of generated arrays; labels are hashed as little-endian int32. */
export function arraysFingerprint(tag: string, ...arrays: Array<Uint8Array | Int32Array>): string {
  const hash = createHash('sha256').update(`${tag}\n`)
  for (const a of arrays) {
    hash.update(`${a.constructor.name}\t${a.length}\n`)
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  }
  return hash.digest('hex')
}
