import { readdir, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheKey, readCache, writeCache } from '../../src/main/datasets/cache.js'
import { DatasetRegistry } from '../../src/main/datasets/index.js'
import { removeTempDirs, tempDir, writeClass } from './fixtures.js'

afterAll(removeTempDirs)

async function catsAndDogs(): Promise<string> {
  const root = await tempDir()
  await writeClass(join(root, 'cats'), 11, 'cat')
  await writeClass(join(root, 'dogs'), 11, 'dog', 40)
  return root
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('decoded-array cache', () => {
  it('serves the second load from disk without decoding: same bytes even after the images became garbage', async () => {
    const root = await catsAndDogs()
    const home = await tempDir()
    const registry = new DatasetRegistry(home, { fashionMnistDir: null })
    const first = await registry.load(root, { size: 8 })
    const cacheDir = join(home, 'datasets', 'cache')
    const entries = (await readdir(cacheDir)).sort()
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatch(/^[0-9a-f]{64}\.bin$/)
    expect(entries[1]).toMatch(/^[0-9a-f]{64}\.json$/)

    // Same size and modification time, unreadable content: a decoder would now skip every file.
    for (const cls of ['cats', 'dogs']) {
      for (const name of await readdir(join(root, cls))) {
        const file = join(root, cls, name)
        const before = await stat(file)
        await writeFile(file, Buffer.alloc(before.size, 0x41))
        await utimes(file, before.atimeMs / 1000, before.mtimeMs / 1000)
      }
    }
    const progress: Array<[number, number]> = []
    const second = await registry.load(root, { size: 8, onProgress: (d, t) => progress.push([d, t]) })
    expect(second.skipped).toEqual([])
    expect(same(second.train.images, first.train.images)).toBe(true)
    expect(same(second.test.images, first.test.images)).toBe(true)
    expect(Array.from(second.train.labels)).toEqual(Array.from(first.train.labels))
    expect(second.info.fingerprint).toBe(first.info.fingerprint)
    expect(second.fromCache).toBe(true)
    expect(first.fromCache).toBe(false)
    // Nothing was decoded, so nothing reported decoding progress.
    expect(progress).toEqual([])
  })

  it('keys on size, file list and limits; rebuilds a corrupt entry', async () => {
    const root = await catsAndDogs()
    const home = await tempDir()
    const registry = new DatasetRegistry(home, { fashionMnistDir: null })
    const cacheDir = join(home, 'datasets', 'cache')
    const a = await registry.load(root, { size: 8 })
    await registry.load(root, { size: 10 })
    await registry.load(root, { size: 8, limitPerClass: { train: 2 } })
    const bins = (await readdir(cacheDir)).filter((n) => n.endsWith('.bin'))
    expect(bins).toHaveLength(3)

    for (const bin of bins) await writeFile(join(cacheDir, bin), 'corrupt')
    const again = await registry.load(root, { size: 8 })
    expect(same(again.train.images, a.train.images)).toBe(true)
    expect(again.info.fingerprint).toBe(a.info.fingerprint)
  })

  it('round-trips an entry and treats a damaged one as absent', async () => {
    const dir = await tempDir()
    const key = cacheKey({ any: 'thing' })
    const entry = {
      size: 2,
      train: { images: new Uint8Array(24).map((_, i) => i), labels: new Int32Array([0, 1]) },
      test: { images: new Uint8Array(12).fill(7), labels: new Int32Array([1]) },
      fingerprint: 'f'.repeat(64),
      skipped: [{ file: 'x.png', reason: 'broken' }],
    }
    expect(await writeCache(dir, key, entry)).toBe(true)
    const back = await readCache(dir, key)
    expect(back).not.toBeNull()
    expect(Array.from(back!.train.images)).toEqual(Array.from(entry.train.images))
    expect(Array.from(back!.test.labels)).toEqual([1])
    expect(back!.skipped).toEqual(entry.skipped)
    expect(await readCache(dir, cacheKey({ other: 1 }))).toBeNull()

    await writeFile(join(dir, `${key}.json`), '{"format": "benchtop-array-cache-v1", "key"')
    expect(await readCache(dir, key)).toBeNull()
    // No temporary files are left behind.
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})
