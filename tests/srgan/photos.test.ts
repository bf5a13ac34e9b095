import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { heldOut, loadPhotos } from '../../src/main/experiments/srgan/photos'
import { BUILTIN_PHOTOS, SKIMAGE_DATA_DIR } from '../../src/main/experiments/srgan/names'
import { skipUnless } from '../helpers/skip'

async function png(file: string, width: number, height: number, channels: 1 | 3 | 4 = 3): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true })
  const image = sharp({ create: { width, height, channels: channels === 4 ? 4 : 3, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } })
  await (channels === 1 ? image.toColourspace('b-w') : image).png().toFile(file)
}

describe('the photos a run uses', () => {
  it('takes every image under a folder (class folders ignored), holds some out, skips small and unreadable ones with the reason', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'photos-'))
    await png(path.join(root, 'cats', 'a.png'), 80, 70)
    await png(path.join(root, 'cats', 'b.png'), 64, 64, 1)
    await png(path.join(root, 'dogs', 'c.png'), 100, 90, 4)
    await png(path.join(root, 'd.png'), 90, 64)
    await png(path.join(root, 'dogs', 'tiny.png'), 40, 100)
    writeFileSync(path.join(root, 'dogs', 'broken.jpg'), 'not a jpeg')
    const set = await loadPhotos(root, mkdtempSync(path.join(os.tmpdir(), 'home-')), { hrPatch: 64, validationImages: 1 })
    const names = [...set.train, ...set.validation].map((p) => p.name).sort()
    expect(names).toEqual(['cats/a.png', 'cats/b.png', 'd.png', 'dogs/c.png'])
    expect(set.validation).toHaveLength(1)
    expect(set.skipped).toEqual([
      { file: 'dogs/broken.jpg', reason: expect.stringMatching(/^not a readable image/) },
      { file: 'dogs/tiny.png', reason: '40x100 is smaller than the 64 px HR patch' },
    ])
    // Grey and RGBA photos come out as RGB bytes.
    for (const p of [...set.train, ...set.validation]) expect(p.rgb.length).toBe(p.width * p.height * 3)
  })

  it('stops before training when too few photos are usable, saying why', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'photos-'))
    await png(path.join(root, 'x', 'big.png'), 70, 70)
    await png(path.join(root, 'x', 'small.png'), 30, 30)
    await expect(loadPhotos(root, root, { hrPatch: 64, validationImages: 1 })).rejects.toThrow(
      /too few usable photos in .*: 1 for training and 0 for validation.*small\.png: 30x30 is smaller than the 32 px minimum/,
    )
  })

  it('refuses a data path that is neither a dataset nor a folder', async () => {
    await expect(loadPhotos('/no/such/folder', os.tmpdir(), { hrPatch: 64, validationImages: 1 })).rejects.toThrow(/neither an imported dataset nor an existing folder/)
  })

  it('holds out k of n files, evenly spread, and always leaves one to train on', () => {
    expect([...heldOut(10, 2)]).toEqual([2, 7])
    expect([...heldOut(2, 5)]).toEqual([1])
    expect(heldOut(1, 1).size).toBe(0)
  })

  const missing = skipUnless(existsSync(SKIMAGE_DATA_DIR), `the built-in photo set needs ${SKIMAGE_DATA_DIR} (apt-get install python3-skimage)`)
  it.skipIf(missing)("reads the built-in set: scikit-image's photographs from Debian's python3-skimage", async () => {
    const set = await loadPhotos(null, os.tmpdir(), { hrPatch: 96, validationImages: 4 })
    expect(set.train.map((p) => p.name)).toEqual([...BUILTIN_PHOTOS.train])
    expect(set.validation.map((p) => [p.name, p.width, p.height])).toEqual([['chelsea.png', 451, 300], ['coffee.png', 600, 400]])
    expect(set.skipped).toEqual([])
  })
})
