/**
 * Test fixtures built at run time (no binary files in the repository): temporary folders,
 * small solid-colour images written with sharp, and IDX byte arrays.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'

export type Rgb = [number, number, number]

const made: string[] = []

export async function tempDir(prefix = 'benchtop-datasets-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Removes every folder made by tempDir (call from afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

/** A distinct colour per index, so a test can tell which file a decoded row came from. */
export function colourOf(index: number): Rgb {
  return [(index * 37 + 20) % 256, (index * 91 + 60) % 256, (index * 53 + 100) % 256]
}

/** Writes a solid-colour image (format from the extension: .png, .jpg/.jpeg, .webp). */
export async function writeImage(path: string, colour: Rgb, size = 10): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const raw = Buffer.alloc(size * size * 3)
  for (let i = 0; i < size * size; i++) raw.set(colour, i * 3)
  let image = sharp(raw, { raw: { width: size, height: size, channels: 3 } })
  image = /\.jpe?g$/i.test(path) ? image.jpeg({ quality: 95 }) : /\.webp$/i.test(path) ? image.webp({ lossless: true }) : image.png()
  await writeFile(path, await image.toBuffer())
}

export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

/**
 * Writes `count` PNGs named `<prefix><i>.png` (i from 1) into `folder`, coloured by
 * colourOf(offset + i). Returns the file names.
 */
export async function writeClass(folder: string, count: number, prefix: string, offset = 0): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}.png`)
  await Promise.all(names.map((name, i) => writeImage(join(folder, name), colourOf(offset + i + 1))))
  return names
}

/** IDX bytes: 00 00 08 <rank>, big-endian dims, then the data. */
export function idxBytes(dims: number[], data: Uint8Array | number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length)
  const view = new DataView(header.buffer)
  header[2] = 0x08
  header[3] = dims.length
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  const out = new Uint8Array(header.length + data.length)
  out.set(header)
  out.set(data, header.length)
  return out
}

/**
 * Writes a small MNIST-like folder: `train` and `test` images of rows x cols where item i is
 * filled with the value (i * 17 + 5) % 256 and labelled i % classes. `gzip` compresses (and
 * names `.gz`) every file.
 */
export async function writeIdxFolder(
  folder: string,
  options: { train: number; test: number; rows?: number; cols?: number; classes?: number; gzip?: boolean },
): Promise<void> {
  const { rows = 4, cols = 4, classes = 10, gzip = false } = options
  await mkdir(folder, { recursive: true })
  for (const [prefix, count] of [['train', options.train], ['t10k', options.test]] as const) {
    const pixels = new Uint8Array(count * rows * cols)
    const labels = new Uint8Array(count)
    for (let i = 0; i < count; i++) {
      pixels.fill((i * 17 + 5) % 256, i * rows * cols, (i + 1) * rows * cols)
      labels[i] = i % classes
    }
    const files: Array<[string, Uint8Array]> = [
      [`${prefix}-images-idx3-ubyte`, idxBytes([count, rows, cols], pixels)],
      [`${prefix}-labels-idx1-ubyte`, idxBytes([count], labels)],
    ]
    for (const [name, bytes] of files) {
      await writeFile(join(folder, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes)
    }
  }
}

/** RGB of pixel 0 of image n in an [n, size, size, 3] array. */
export function pixel(images: Uint8Array, size: number, n: number, index = 0): Rgb {
  const p = (n * size * size + index) * 3
  return [images[p], images[p + 1], images[p + 2]]
}
