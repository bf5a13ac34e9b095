/**
 * `detectCandidates` through `dispatch` on a real core: a real photo (human's assets/samples.jpg)
 * gives candidates in original pixels from the core's detection process; garbage is a clear
 * error naming the file; bad arguments never reach the core.
 */
import { readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import { centernetFiles } from '../../src/main/detection/centernet'
import type { DetectionResult } from '../../src/shared/api'
import { checkCall, InvalidCallError, MAX_DETECT_BASE64 } from '../../src/shared/apiMethods'
import { COCO_LABELS } from '../../src/shared/detection/labels'
import { pngDeclaring } from '../helpers/hugeImage'

const ASSETS = path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets')
const home = mkdtempSync(path.join(os.tmpdir(), 'benchtop-detect-api-'))
const core = new BenchtopCore({ home })

afterAll(async () => {
  await core.shutdown()
  rmSync(home, { recursive: true, force: true })
})

describe('detectCandidates through dispatch', () => {
  it('finds people in a real photo, before NMS, in original pixels, in a worker process', async () => {
    const dataBase64 = readFileSync(path.join(ASSETS, 'samples.jpg')).toString('base64')
    const result = (await dispatch(core, 'detectCandidates', [{ name: 'samples.jpg', dataBase64 }])) as DetectionResult
    expect(result.image).toBe('samples.jpg')
    expect(result.width).toBeGreaterThan(512)
    expect(result.height).toBeGreaterThan(0)
    expect(result.candidates.length).toBeGreaterThan(10)
    expect(result.candidates.length).toBeLessThanOrEqual(300)
    for (let i = 0; i < result.candidates.length; i++) {
      const c = result.candidates[i]
      expect(c.score).toBeGreaterThanOrEqual(0.01)
      if (i > 0) expect(c.score).toBeLessThanOrEqual(result.candidates[i - 1].score)
      expect(c.label).toBe(COCO_LABELS[c.classId])
      expect(c.box[0]).toBeGreaterThanOrEqual(0)
      expect(c.box[2]).toBeLessThanOrEqual(result.width)
      expect(c.box[3]).toBeLessThanOrEqual(result.height)
    }
    expect(result.candidates[0].label).toBe('person')
    expect(result.candidates[0].score).toBeGreaterThan(0.5)
    expect(result.timings.networkMs).toBeGreaterThan(0)
    expect(typeof result.backend).toBe('string')
    // The network ran in another process, which stays up for the next image.
    const pid = core.inference.pid
    expect(pid).toBeGreaterThan(0)
    expect(pid).not.toBe(process.pid)

    const message = (image: { name: string; dataBase64: string }) =>
      dispatch(core, 'detectCandidates', [image]).then(
        () => 'no error',
        (error: Error) => error.message,
      )
    // Exactly one "not a readable image" (the worker used to add a second one in front of sharp's reason).
    expect(await message({ name: 'notes.jpg', dataBase64: Buffer.from('this is not an image at all').toString('base64') })).toBe(
      'notes.jpg: not a readable image: Input buffer contains unsupported image format',
    )
    expect(await message({ name: 'empty.png', dataBase64: '' })).toBe('empty.png: empty file (0 bytes)')
    // A header declaring 12000x12000 pixels is refused from the header, before decoding.
    const bomb = (await pngDeclaring(12000, 12000)).toString('base64')
    expect(await message({ name: 'bomb.png', dataBase64: bomb })).toBe(
      'bomb.png: image too large: 12000x12000 pixels (144 megapixels); the limit is 100 megapixels',
    )
    // Still the same process after the errors.
    expect(core.inference.pid).toBe(pid)
  }, 120_000)

  it('validates the argument: exactly { name, dataBase64 }, name <= 200 chars, base64 <= 48 MiB', async () => {
    const bad = (args: unknown[]) => () => checkCall('detectCandidates', args)
    expect(bad([])).toThrow(InvalidCallError)
    expect(bad(['photo.jpg'])).toThrow(/argument 1 must be \{ name, dataBase64 \}/)
    expect(bad([{ name: 'a.jpg', dataBase64: '', path: '/etc/passwd' }])).toThrow(/unknown field\(s\) path/)
    expect(bad([{ name: 'a.jpg' }])).toThrow(/dataBase64 must be/)
    expect(bad([{ name: 'x'.repeat(201), dataBase64: '' }])).toThrow(/name must be/)
    expect(bad([{ name: 'a.jpg', dataBase64: 'A'.repeat(MAX_DETECT_BASE64 + 1) }])).toThrow(/larger than 48 MiB/)
    // The optional second argument names a trained detector's run (a yolo run); nothing may follow it.
    expect(bad([{ name: 'a.jpg', dataBase64: '' }, 'run-1', 'extra'])).toThrow(/at most 2 argument/)
    expect(bad([{ name: 'a.jpg', dataBase64: '' }, 42])).toThrow(InvalidCallError)
    expect(bad([{ name: 'a.jpg', dataBase64: 'AAAA' }])).not.toThrow()
    await expect(dispatch(core, 'detectCandidates', [{ name: 'a.jpg', dataBase64: '', extra: 1 }])).rejects.toThrow(InvalidCallError)
  })
})
