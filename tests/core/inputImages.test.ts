/**
 * uploadInputImage through dispatch on a real core: a still image is stored under
 * <home>/inputs/, named by its content; empty, corrupt, animated and oversized files are refused
 * with one line naming the file, and nothing is stored for them.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import type { InputImage } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'
import { pngDeclaring } from '../helpers/hugeImage'

const home = tempHome()
const core = new BenchtopCore({ home })
afterAll(() => core.shutdown())

const upload = (name: string, bytes: Buffer) => dispatch(core, 'uploadInputImage', [{ name, dataBase64: bytes.toString('base64') }]) as Promise<InputImage>
const refusal = (name: string, bytes: Buffer) =>
  upload(name, bytes).then(
    () => 'stored',
    (e: Error) => e.message,
  )

describe('uploadInputImage', () => {
  it('stores a still image by its content and says what it is', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer()
    const stored = await upload('red.png', png)
    expect(stored).toMatchObject({ name: 'red.png', width: 40, height: 30, format: 'png', bytes: png.length })
    expect(path.dirname(stored.path)).toBe(path.join(home, 'inputs'))
    expect(readFileSync(stored.path).equals(png)).toBe(true)
    // The same bytes under another name: the same file.
    expect((await upload('copy.png', png)).path).toBe(stored.path)
    const jpeg = await sharp({ create: { width: 8, height: 16, channels: 3, background: '#123456' } }).jpeg().toBuffer()
    const other = await upload('photo.jpg', jpeg)
    expect(other.path).not.toBe(stored.path)
    expect(other.path.endsWith('.jpg')).toBe(true)
    expect(readdirSync(path.join(home, 'inputs'))).toHaveLength(2)
  })

  it('refuses empty, corrupt, animated and oversized files with one line naming the file', async () => {
    const before = existsSync(path.join(home, 'inputs')) ? readdirSync(path.join(home, 'inputs')).length : 0
    expect(await refusal('empty.png', Buffer.alloc(0))).toBe('empty.png: empty file (0 bytes)')
    expect(await refusal('notes.png', Buffer.from('these are notes, not pixels'))).toMatch(/^notes\.png: not a readable image: /)
    const frame = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer()
    const frame2 = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } }).png().toBuffer()
    const gif = await sharp([frame, frame2], { join: { animated: true } }).gif().toBuffer()
    expect(await refusal('moving.gif', gif)).toBe('moving.gif: animated (2 frames); use a still image')
    // Refused from the header: 12000 x 12000 is never decoded.
    expect(await refusal('bomb.png', await pngDeclaring(12000, 12000))).toBe('bomb.png: image too large: 12000x12000 pixels (144 megapixels); the limit is 50 megapixels')
    expect(readdirSync(path.join(home, 'inputs')).length).toBe(before)
    // Bad arguments never reach the core.
    await expect(dispatch(core, 'uploadInputImage', [{ name: 'a.png', dataBase64: 'x'.repeat(48 * 1024 * 1024 + 1) }])).rejects.toThrow(/larger than 48 MiB/)
    await expect(dispatch(core, 'uploadInputImage', [{ name: 'a.png', dataBase64: '', path: '/etc/passwd' }])).rejects.toThrow(/unknown field\(s\) path/)
  })
})
