/**
 * `benchtop faces` on a real core (its face worker process): the JSON shape of the issue, the
 * verdicts at the threshold, and one line per bad input (no face, the same image twice, corrupt,
 * missing, too large) while the others are still compared. Faces from skimage's astronaut.png
 * (Debian's python3-skimage) and @vladmandic/human's assets/screenshot-faceid.jpg.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faces, type FacesJson } from '../../src/main/cli/commands/faces'
import type { CliContext } from '../../src/main/cli/context'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { centernetFiles } from '../../src/main/detection/centernet'
import { FACE_LIMITS } from '../../src/main/faces/limits'
import { skipUnless } from '../helpers/skip'

const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png'
const OTHER_PERSON = path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets', 'screenshot-faceid.jpg')

function capture(core: BenchtopCore): { ctx: CliContext; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true) }) as unknown as NodeJS.WriteStream
  return { ctx: { core, stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)) }, out: () => out, err: () => err }
}

describe.skipIf(skipUnless(existsSync(ASTRONAUT), `${ASTRONAUT} is missing (apt-get install python3-skimage)`))('benchtop faces', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-faces-'))
  const f = (name: string) => path.join(dir, name)
  beforeAll(async () => {
    await sharp(ASTRONAUT).flop().png().toFile(f('mirror.png'))
    await sharp({ create: { width: 200, height: 150, channels: 3, background: '#40a060' } }).png().toFile(f('plain.png'))
    copyFileSync(ASTRONAUT, f('copy.png'))
    writeFileSync(f('corrupt.jpg'), 'This is text, not a JPEG.\n')
    // Sparse: FACE_LIMITS.maxBytes + 1 bytes that cost nothing on disk.
    writeFileSync(f('huge.jpg'), Buffer.alloc(0))
    const { truncateSync } = await import('node:fs')
    truncateSync(f('huge.jpg'), FACE_LIMITS.maxBytes + 1)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints images, faces and every pair with its verdict; one line per bad input; the others still compared', async () => {
    const core = new BenchtopCore({ home: f('home') })
    const c = capture(core)
    const files = [ASTRONAUT, f('mirror.png'), OTHER_PERSON, f('plain.png'), f('copy.png'), f('corrupt.jpg'), f('missing.png'), f('huge.jpg')]
    const code = await faces(c.ctx, [...files, '--json', '--threshold', '0.6'])
    expect(code).toBe(1)
    const out = JSON.parse(c.out()) as FacesJson
    expect(out.threshold).toBe(0.6)
    expect(out.images.map((i) => i.file)).toEqual(files)
    expect(out.images[0].faces).toHaveLength(1)
    expect(out.images[0].faces[0].box).toHaveLength(4)
    expect(out.images[1].faces).toHaveLength(1)
    expect(out.images[2].faces.length).toBeGreaterThanOrEqual(1)
    expect(out.images[3].faces).toHaveLength(0)
    expect(out.images[4].duplicateOf).toBe(0)
    expect(out.images[5].error).toMatch(/not a readable image/)
    expect(out.images[6].error).toBe('no such file')
    expect(out.images[7].error).toMatch(/too large/)
    const n = out.images.reduce((s, i) => s + i.faces.length, 0)
    expect(out.pairs).toHaveLength((n * (n - 1)) / 2)
    const pair = (ai: number, bi: number) => out.pairs.find((p) => p.a.image === ai && p.b.image === bi && p.a.face === 0 && p.b.face === 0)!
    expect(pair(0, 1).same).toBe(true)
    expect(pair(0, 1).distance).toBeLessThan(0.6)
    expect(pair(0, 2).same).toBe(false)
    for (const p of out.pairs) expect(p.same).toBe(p.distance <= 0.6)
    const lines = c.err().trim().split('\n')
    expect(lines).toContain(`${f('plain.png')}: no face found`)
    expect(lines.some((l) => l.startsWith(`${f('copy.png')}: the same image as ${ASTRONAUT}`))).toBe(true)
    expect(lines.some((l) => l.startsWith(`${f('corrupt.jpg')}: not a readable image`))).toBe(true)
    expect(lines).toContain(`${f('missing.png')}: no such file`)
    expect(lines.some((l) => l.startsWith(`${f('huge.jpg')}: too large`))).toBe(true)
    // The core's inference process ran the networks and is gone after the command.
    expect(core.inference.pid).toBeUndefined()
  }, 600_000)
})
