/**
 * `benchtop upscale` end to end: a tiny srgan run trained through the command line on a generated
 * photo folder, then an RGBA PNG, a 16-bit grey PNG, a CMYK JPEG and a file that is no image
 * upscaled in one call: each good one 4x larger (alpha kept, 16-bit kept), the bad one reported by
 * name with exit code 1 while the others are written.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempHome } from '../helpers/cli'
import { trainTinySrgan } from './tinyRun'

describe('benchtop upscale, end to end through the command line', () => {
  const home = tempHome()
  let photos = ''
  let runId = ''

  beforeAll(async () => {
    ;({ runId, photos } = await trainTinySrgan(home))
  }, 600_000)

  it('writes each image 4x larger, keeps alpha and 16 bits, reports a bad file and goes on', async () => {
    const inputs = path.join(home, 'inputs')
    mkdirSync(inputs)
    // RGBA 20 x 14: the left half fully transparent, the right half opaque.
    const rgba = Buffer.alloc(20 * 14 * 4)
    for (let y = 0; y < 14; y++) for (let x = 0; x < 20; x++) rgba.set([200, (x * 12) % 256, 60, x < 10 ? 0 : 255], (y * 20 + x) * 4)
    await sharp(rgba, { raw: { width: 20, height: 14, channels: 4 } }).png().toFile(path.join(inputs, 'alpha.png'))
    await sharp({ create: { width: 9, height: 7, channels: 3, background: '#808080' } }).toColourspace('grey16').png().toFile(path.join(inputs, 'grey16.png'))
    await sharp({ create: { width: 12, height: 10, channels: 3, background: '#3366aa' } }).toColourspace('cmyk').jpeg().toFile(path.join(inputs, 'cmyk.jpg'))
    writeFileSync(path.join(inputs, 'notes.png'), 'these are notes, not pixels')
    const out = path.join(home, 'out')
    const files = ['alpha.png', 'notes.png', 'grey16.png', 'cmyk.jpg'].map((f) => path.join(inputs, f))
    const r = await runCli(['upscale', '--run', runId, ...files, '--out', out, '--json'], home, 300_000)
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toContain('1 of 4 images failed')
    const reports = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    expect(reports.map((x) => x.image)).toEqual(files)
    expect(reports[1]).toEqual({ image: files[1], error: expect.stringMatching(/^not a readable image/) })
    expect(reports[0]).toMatchObject({ width: 20, height: 14, outWidth: 80, outHeight: 56, alpha: true, output: path.join(out, 'alpha.x4.png') })
    expect(reports[2]).toMatchObject({ width: 9, height: 7, outWidth: 36, outHeight: 28, sixteenBit: true })
    expect(reports[3]).toMatchObject({ width: 12, height: 10, outWidth: 48, outHeight: 40, alpha: false })

    const alpha = await sharp(path.join(out, 'alpha.x4.png')).raw().toBuffer({ resolveWithObject: true })
    expect([alpha.info.width, alpha.info.height, alpha.info.channels]).toEqual([80, 56, 4])
    // Away from the edge between the halves, alpha is what it was: 0 on the left, 255 on the right.
    for (let y = 0; y < 56; y += 5) {
      expect(alpha.data[(y * 80 + 10) * 4 + 3]).toBe(0)
      expect(alpha.data[(y * 80 + 70) * 4 + 3]).toBe(255)
    }
    const grey = await sharp(path.join(out, 'grey16.x4.png')).metadata()
    expect([grey.width, grey.height, grey.depth]).toEqual([36, 28, 'ushort'])
  }, 300_000)

  it('refuses a run that cannot upscale, and an output folder it cannot make', async () => {
    const r = await runCli(['upscale', '--run', runId, path.join(photos, 'p0.png')], home)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('upscale needs --out DIR')
  })
})
