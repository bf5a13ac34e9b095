/**
 * A finished triplet run used to compare whole images (capability `embed`): `benchtop run triplet
 * --preset tiny`, then `benchtop faces --model RUN` on a real core (its face process loads the
 * run's network). Fashion-MNIST test images written as PNG files: three T-shirts and three
 * trousers. Checked: one "face" per image covering it, a vector of the run's size, the threshold
 * taken from the run's last validation, same-class pairs closer than different-class pairs on
 * average, and one clear line for each bad input while the others are compared.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faces, type FacesJson } from '../../src/main/cli/commands/faces'
import type { CliContext } from '../../src/main/cli/context'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { DatasetRegistry } from '../../src/main/datasets'
import { runCli, tempHome } from '../helpers/cli'
import { skipWithoutFashionMnist } from '../helpers/prerequisites'

function capture(core: BenchtopCore): { ctx: CliContext; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true) }) as unknown as NodeJS.WriteStream
  return { ctx: { core, stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)) }, out: () => out, err: () => err }
}

describe.skipIf(skipWithoutFashionMnist())('benchtop faces --model (a triplet run)', () => {
  const home = tempHome()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-embed-'))
  const f = (name: string) => path.join(dir, name)
  let run: { runId: string; status: string; dir: string }

  beforeAll(async () => {
    const r = await runCli(['run', 'triplet', '--preset', 'tiny', '--seed', '2', '--json'], home, 15 * 60_000)
    expect(r.code, r.stderr).toBe(0)
    run = JSON.parse(r.stdout)
    expect(run.status).toBe('completed')
    const data = await new DatasetRegistry(home).load('fashion-mnist', { size: 28, limitPerClass: { train: 1, test: 3 } })
    const pixels = 28 * 28 * 3
    const count = [0, 0]
    for (let i = 0; i < data.test.labels.length; i++) {
      const c = data.test.labels[i]
      if (c > 1) continue
      const rgb = data.test.images.subarray(i * pixels, (i + 1) * pixels)
      await sharp(Buffer.from(rgb), { raw: { width: 28, height: 28, channels: 3 } }).png().toFile(f(`${c === 0 ? 'shirt' : 'trousers'}${count[c]++}.png`))
    }
    writeFileSync(f('corrupt.png'), 'not a picture\n')
  }, 16 * 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('describes each whole image with the run, takes its threshold, and keeps same-class pairs closer', async () => {
    const core = new BenchtopCore({ home })
    const c = capture(core)
    const files = ['shirt0', 'shirt1', 'shirt2', 'trousers0', 'trousers1', 'trousers2'].map((n) => f(`${n}.png`))
    const code = await faces(c.ctx, [...files, f('corrupt.png'), '--model', run.runId, '--json'])
    expect(code).toBe(1)
    const out = JSON.parse(c.out()) as FacesJson
    expect(c.err()).toMatch(new RegExp(`corrupt\\.png: .*not a readable image`))
    expect(out.model).toEqual({ runId: run.runId, checkpoint: 'epoch-0003', epoch: 3 })
    const thresholds = readFileSync(path.join(run.dir, 'metrics', 'val_threshold.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).value as number)
    expect(out.threshold).toBeCloseTo(thresholds.at(-1)!, 4)
    for (const image of out.images.slice(0, 6)) expect(image.faces).toEqual([{ box: [0, 0, 28, 28], score: 1 }])
    expect(out.images[6].error).toMatch(/not a readable image/)
    expect(out.pairs).toHaveLength(15)
    const isShirt = (i: number) => i < 3
    const same = out.pairs.filter((p) => isShirt(p.a.image) === isShirt(p.b.image)).map((p) => p.distance)
    const different = out.pairs.filter((p) => isShirt(p.a.image) !== isShirt(p.b.image)).map((p) => p.distance)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(same), `same ${same.join(', ')}; different ${different.join(', ')}`).toBeLessThan(mean(different))
    // Unit vectors: every distance lies in [0, 2].
    for (const p of out.pairs) expect(p.distance).toBeLessThanOrEqual(2)
  }, 300_000)

  it('says why a run cannot be used, once, without an image name', async () => {
    const core = new BenchtopCore({ home })
    const c = capture(core)
    await expect(faces(c.ctx, [f('shirt0.png'), '--model', run.runId, '--checkpoint', '9'])).rejects.toThrow(`run ${run.runId} has no checkpoint 'epoch-0009'; its checkpoints: epoch-0001, epoch-0002, epoch-0003`)
    const c2 = capture(new BenchtopCore({ home }))
    await expect(faces(c2.ctx, [f('shirt0.png'), '--checkpoint', '2'])).rejects.toThrow('--checkpoint needs --model RUN')
  }, 300_000)
})
