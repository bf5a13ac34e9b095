import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliJson, tempHome } from '../helpers/cli'

/**
 * `benchtop run style-transfer` end to end: a content photo given with --set content=PATH (a wide
 * one, so the aspect ratio shows), the built-in style, a few L-BFGS steps at 64 px.
 */
describe('benchtop run style-transfer, end to end through the command line', () => {
  const home = tempHome()
  const content = path.join(home, 'content.png')
  let result: { runId: string; status: string; metrics: Record<string, number>; dir: string }

  beforeAll(async () => {
    // 120 x 60: sky blue over green.
    const raw = Buffer.alloc(120 * 60 * 3)
    for (let y = 0; y < 60; y++) for (let x = 0; x < 120; x++) raw.set(y < 30 ? [90, 150, 230] : [40, 140, 60], (y * 120 + x) * 3)
    await sharp(raw, { raw: { width: 120, height: 60, channels: 3 } }).png().toFile(content)
    result = await runCliJson(
      ['run', 'style-transfer', '--set', `content=${content}`, '--set', 'style=example:mosaic', '--set', 'size=64', '--set', 'steps=8', '--set', 'imageEvery=4', '--seed', '3', '--json'],
      home,
      { timeoutMs: 900_000, quiet: true },
    )
  }, 900_000)

  it('completes with content, style, TV and total loss per step, the loss falling', () => {
    expect(result.status).toBe('completed')
    expect(Object.keys(result.metrics).sort()).toEqual(['content_loss', 'final_loss', 'loss', 'style_loss', 'tv_loss'])
    const loss = readFileSync(path.join(result.dir, 'metrics', 'loss.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(loss.length).toBeGreaterThanOrEqual(4)
    expect(loss.at(-1).value).toBeLessThan(loss[0].value / 2)
  })

  it('writes the content, the style and the growing result as PNGs with captions, at the content\'s aspect ratio', async () => {
    const dir = path.join(result.dir, 'artifacts', 'images')
    const index = readFileSync(path.join(dir, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(index.map((r) => `${r.series}@${r.step}`)).toEqual(['content@0', 'style@0', 'result@4', 'result@8'])
    expect(index[0].caption).toContain(content)
    for (const record of index) {
      const meta = await sharp(path.join(dir, record.file)).metadata()
      expect(meta.format).toBe('png')
      if (record.series !== 'style') expect([meta.width, meta.height]).toEqual([64, 32])
    }
  })

  it('refuses a missing content file before training, naming it', async () => {
    const r = await runCli(['run', 'style-transfer', '--set', `content=${path.join(home, 'nope.jpg')}`, '--set', 'size=64', '--set', 'steps=1'], home, 300_000)
    expect(r.code).not.toBe(0)
    expect(r.stdout + r.stderr).toMatch(/the content image .*nope.jpg does not exist/)
  }, 300_000)
})
