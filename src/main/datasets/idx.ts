/**
 * The IDX format of MNIST and Fashion-MNIST, pure: parsing, and naming rules of the usual files
 * (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte.gz`, ...).
 *
 * IDX layout: bytes 0-1 are zero, byte 2 the element type (0x08 = unsigned byte), byte 3 the number
 * of dimensions d, then d big-endian uint32 sizes, then the elements in row-major order.
 * Images are [n, rows, cols] grey bytes (0 = background), labels are [n] bytes.
 */
import type { Split } from './folderLayout.js'

export interface IdxArray {
  dims: number[]
  /** Row-major elements; a view into the input bytes, not a copy. */
  data: Uint8Array
}

/** Thrown by parseIdx; callers add the file name. */
export class IdxFormatError extends Error {
  override readonly name = 'IdxFormatError'
}

const UNSIGNED_BYTE = 0x08

export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new IdxFormatError(`too short for an IDX header (${bytes.length} bytes)`)
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
    throw new IdxFormatError(`bad magic number ${magic} (an IDX file starts with 00 00 <type> <dims>)`)
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new IdxFormatError(`unsupported element type 0x${bytes[2].toString(16)} (only unsigned bytes, 0x08, are supported)`)
  }
  const rank = bytes[3]
  if (rank < 1) throw new IdxFormatError('the header declares 0 dimensions')
  const headerBytes = 4 + 4 * rank
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(`truncated header: ${rank} dimensions need ${headerBytes} bytes, the file has ${bytes.length}`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const dims: number[] = []
  let elements = 1
  for (let i = 0; i < rank; i++) {
    const dim = view.getUint32(4 + 4 * i, false)
    dims.push(dim)
    elements *= dim
  }
  const available = bytes.length - headerBytes
  if (available < elements) {
    throw new IdxFormatError(`truncated data: dimensions ${dims.join('x')} need ${elements} bytes after the header, the file has ${available}`)
  }
  if (available > elements) {
    throw new IdxFormatError(`${available - elements} unexpected bytes after the data of dimensions ${dims.join('x')}`)
  }
  return { dims, data: bytes.subarray(headerBytes, headerBytes + elements) }
}

/** Gzip is detected by its magic bytes (1f 8b), not by the file name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export interface IdxName {
  split: Split
  part: 'images' | 'labels'
}

// train-images-idx3-ubyte(.gz), t10k-labels.idx1-ubyte, test-images-idx3-ubyte, ...
const IDX_NAME = /^(train|t10k|test)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$/i

/** Which split and part a file name stands for, or null when it is not an IDX data file name. */
export function parseIdxName(name: string): IdxName | null {
  const match = IDX_NAME.exec(name)
  if (!match) return null
  const part = match[2].toLowerCase() as IdxName['part']
  // images are idx3, labels idx1: anything else is not one of ours.
  if ((part === 'images') !== (match[3] === '3')) return null
  return { split: match[1].toLowerCase() === 'train' ? 'train' : 'test', part }
}

/** Fashion-MNIST's classes in label order. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]

export const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']

/** Class names for an IDX folder: Fashion-MNIST's when its path says so, digits otherwise. */
export function idxClassNames(folder: string): string[] {
  return /fashion/i.test(folder) ? [...FASHION_MNIST_CLASSES] : [...DIGIT_CLASSES]
}
