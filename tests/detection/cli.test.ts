/**
 * `benchtop detect` on good and bad files. Most cases call `detect(ctx, argv)` in this process
 * (one model load for the file); two run it in a child process, as `benchtop detect` will run,
 * for the real exit codes and the memory an 8000x8000 image costs.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/main/cli/args'
import { detect, type ImageReport } from '../../src/main/cli/commands/detect'
import type { CliContext } from '../../src/main/cli/context'
import { classColour } from '../../src/main/detection/annotate'
import { centernetFiles } from '../../src/main/detection/centernet'
import { COCO_LABELS } from '../../src/shared/detection/labels'

const ROOT = path.resolve(__dirname, '..', '..')
const SAMPLES = path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets', 'samples.jpg')

let dir = ''
const f: Record<string, string> = {}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'benchtop-detect-'))
  const at = (name: string) => (f[name.split('.')[0]] = path.join(dir, name))
  // A real photo: a man at a dinner table with a glass (from @vladmandic/human's samples.jpg).
  await sharp(SAMPLES).extract({ left: 320, top: 0, width: 220, height: 150 }).jpeg({ quality: 95 }).toFile(at('dinner.jpg'))
  await writeFile(at('text.jpg'), 'This is a text file, not a JPEG.\n')
  const jpeg = readFileSync(f.dinner)
  await writeFile(at('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)))
  await writeFile(at('empty.jpg'), '')
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } }).toColourspace('b-w').png().toFile(at('grey.png'))
  await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c04020' } }).toColourspace('rgb16').png().toFile(at('deep.png'))
  await sharp({ create: { width: 256, height: 128, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 0.5 } } }).png().toFile(at('alpha.png'))
  // 8000 x 8000 solid colour: 375 kB on disk, 192 MB if it were decoded at full size.
  await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#3080c0' } }).jpeg().toFile(at('huge.jpg'))
  f.missing = path.join(dir, 'missing.jpg')
})

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

function capture(): { ctx: CliContext; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true) }) as unknown as NodeJS.WriteStream
  return {
    ctx: { core: undefined as never, stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)) },
    out: () => out,
    err: () => err,
  }
}

async function runJson(argv: string[]): Promise<{ code: number; reports: ImageReport[]; err: string }> {
  const c = capture()
  const code = await detect(c.ctx, [...argv, '--json'])
  return { code, reports: JSON.parse(c.out()) as ImageReport[], err: c.err() }
}

describe('benchtop detect', () => {
  it('prints detections in original pixels, sorted by score, and exits 0', async () => {
    const { code, reports } = await runJson([f.dinner])
    expect(code).toBe(0)
    expect(reports).toHaveLength(1)
    const r = reports[0]
    if ('error' in r) throw new Error(r.error)
    expect(r).toMatchObject({ image: f.dinner, width: 220, height: 150 })
    expect(r.detections.map((d) => d.label)).toEqual(expect.arrayContaining(['person', 'cup']))
    for (const [i, d] of r.detections.entries()) {
      expect(Object.keys(d)).toEqual(['label', 'classId', 'score', 'box'])
      expect(COCO_LABELS[d.classId]).toBe(d.label)
      expect(d.score).toBeGreaterThanOrEqual(0.3)
      if (i > 0) expect(d.score).toBeLessThanOrEqual(r.detections[i - 1].score)
      const [x1, y1, x2, y2] = d.box
      expect(0 <= x1 && x1 < x2 && x2 <= 220 && 0 <= y1 && y1 < y2 && y2 <= 150).toBe(true)
    }
  })

  it('reports each bad file and goes on with the rest; exit code 1 at the end', async () => {
    const files = [f.text, f.truncated, f.empty, f.missing, dir, f.grey, f.deep, f.alpha, f.huge, f.dinner]
    const { code, reports, err } = await runJson(files)
    expect(code).toBe(1)
    expect(reports.map((r) => r.image)).toEqual(files)
    const byImage = new Map(reports.map((r) => [r.image, r]))
    expect(byImage.get(f.text)).toEqual({ image: f.text, error: expect.stringMatching(/not a readable image: .*unsupported image format/) })
    expect(byImage.get(f.truncated)).toEqual({ image: f.truncated, error: expect.stringMatching(/not a readable image: .*premature end/i) })
    expect(byImage.get(f.empty)).toEqual({ image: f.empty, error: 'empty file (0 bytes)' })
    expect(byImage.get(f.missing)).toEqual({ image: f.missing, error: 'no such file' })
    expect(byImage.get(dir)).toEqual({ image: dir, error: 'is a folder, not an image file' })
    // Grey, 16-bit and RGBA PNGs and the huge JPEG are images: sizes right, nothing to detect in a flat colour.
    expect(byImage.get(f.grey)).toEqual({ image: f.grey, width: 300, height: 200, detections: [] })
    expect(byImage.get(f.deep)).toEqual({ image: f.deep, width: 320, height: 240, detections: [] })
    expect(byImage.get(f.alpha)).toEqual({ image: f.alpha, width: 256, height: 128, detections: [] })
    expect(byImage.get(f.huge)).toEqual({ image: f.huge, width: 8000, height: 8000, detections: [] })
    // The good photo after all the bad ones was still processed.
    const dinner = byImage.get(f.dinner)!
    expect('detections' in dinner && dinner.detections.length).toBeGreaterThan(0)
    expect(err).toContain('5 of 10 images failed')
  })

  it('prints a readable table per image without --json, errors on stderr', async () => {
    const c = capture()
    const code = await detect(c.ctx, [f.dinner, f.text])
    expect(code).toBe(1)
    expect(c.out()).toContain(`${f.dinner}  220x150`)
    expect(c.out()).toMatch(/#\s+label\s+score\s+x1\s+y1\s+x2\s+y2/)
    expect(c.out()).toMatch(/1\s+person\s+0\.\d{3}\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+/)
    expect(c.err()).toContain(`${f.text}: not a readable image`)
    expect(c.err()).toMatch(/CenterNet \(COCO, 80 classes\) on \S+/)
  })

  it('applies --score, --max, --iou and --class-agnostic', async () => {
    const strict = (await runJson([f.dinner, '--score', '0.6'])).reports[0]
    expect('detections' in strict && strict.detections.every((d) => d.score >= 0.6)).toBe(true)
    const one = (await runJson([f.dinner, '--score', '0.05', '--max', '1'])).reports[0]
    expect('detections' in one && one.detections.map((d) => d.label)).toEqual(['person'])
    const loose = (await runJson([f.dinner, '--score', '0.05'])).reports[0]
    const agnostic = (await runJson([f.dinner, '--score', '0.05', '--class-agnostic'])).reports[0]
    const none = (await runJson([f.dinner, '--score', '0.05', '--iou', '1'])).reports[0]
    if (!('detections' in loose && 'detections' in agnostic && 'detections' in none)) throw new Error('unexpected error entry')
    // IoU 1 suppresses nothing; class-agnostic suppresses across classes, so it keeps fewer.
    expect(none.detections.length).toBeGreaterThan(loose.detections.length)
    expect(agnostic.detections.length).toBeLessThan(loose.detections.length)
  })

  it('writes annotated PNGs with --out, never over the input', async () => {
    const out = path.join(dir, 'annotated')
    const { code, reports } = await runJson([f.dinner, f.alpha, f.text, '--out', out])
    expect(code).toBe(1)
    const dinner = reports[0]
    if (!('annotated' in dinner) || !dinner.annotated) throw new Error('no annotated file reported')
    expect(dinner.annotated).toBe(path.join(out, 'dinner.detect.png'))
    const { data, info } = await sharp(dinner.annotated).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height, info.format]).toEqual([220, 150, 'raw'])
    // The best box's left edge, half way down, is drawn in its class colour.
    const best = dinner.detections[0]
    const x = Math.ceil(best.box[0])
    const y = Math.round((best.box[1] + best.box[3]) / 2)
    const p = (y * info.width + x) * info.channels
    expect(Array.from(data.subarray(p, p + 3))).toEqual(Array.from(classColour(best.classId)))
    expect(reports[1]).toMatchObject({ annotated: path.join(out, 'alpha.detect.png') })
    // An output folder equal to the input's folder writes beside it, not over it.
    const beside = await runJson([f.alpha, '--out', dir])
    expect(beside.reports[0]).toMatchObject({ annotated: path.join(dir, 'alpha.detect.png') })
    expect((await sharp(f.alpha).metadata()).channels).toBe(4)
  })

  it('rejects bad arguments with a usage error', async () => {
    const bad = [[], [f.dinner, '--score', '2'], [f.dinner, '--iou', 'x'], [f.dinner, '--max', '0'], [f.dinner, '--backend', 'gpu'], [f.dinner, '--nope']]
    for (const argv of bad) await expect(detect(capture().ctx, argv), argv.join(' ')).rejects.toThrow(UsageError)
  })
})

function runChild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('tests', 'detection', 'detectCli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCHTOP_REPORT_RSS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('benchtop detect in its own process', () => {
  it('exits 1 after a bad file, 0 when all are good, and an 8000x8000 JPEG costs little memory', async () => {
    const good = await runChild([f.grey, f.deep])
    expect(good.code).toBe(0)
    expect(good.stdout).toContain(`${f.grey}  300x200  0 objects`)

    const bad = await runChild([f.huge, f.text, '--json'])
    expect(bad.code).toBe(1)
    const reports = JSON.parse(bad.stdout) as ImageReport[]
    expect(reports).toEqual([
      { image: f.huge, width: 8000, height: 8000, detections: [] },
      { image: f.text, error: expect.stringContaining('not a readable image') },
    ])
    // Peak resident memory: the huge image adds far less than the 192 MB its raster would take.
    const rss = (r: { stderr: string }) => Number(/maxRSS (\d+)/.exec(r.stderr)?.[1]) / 1024
    console.log(`detect child peak RSS: ${Math.round(rss(good))} MiB with small PNGs, ${Math.round(rss(bad))} MiB with an 8000x8000 JPEG`)
    expect(rss(bad) - rss(good)).toBeLessThan(100)
  })

  it('exits 2 on a usage error', async () => {
    const r = await runChild([])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('detect needs at least one image')
  })
})

describe('benchtop detect through the real command line', () => {
  it('is listed by benchtop and reports a missing file per image', async () => {
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'benchtop.mjs'), 'detect', path.join(ROOT, 'no-such-image.jpg'), '--json'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.on('close', (code) => resolve({ code, stdout }))
    })
    expect(r.code).toBe(1)
    const [entry] = JSON.parse(r.stdout)
    expect(entry.image).toContain('no-such-image.jpg')
    expect(entry.error).toBeTruthy()
  }, 60_000)
})
