/**
 * The `stylise` capability through the core: a style-transfer run's style applied to an uploaded
 * photo in the inference process. More steps give a lower loss (the optimisation learns), the
 * result has the new photo's aspect ratio at the run's size, and runs of other experiments or bad
 * requests are refused with the reason.
 */
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import { resolveConfig } from '../../src/main/experiments/config'
import { findExperimentInfo } from '../../src/main/experiments/registry'
import type { InputImage, StyliseResult } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'

const core = new BenchtopCore({ home: tempHome() })
afterAll(() => core.shutdown())

function run(experiment: string, set: Record<string, string | number>): string {
  const { config } = resolveConfig(findExperimentInfo(experiment), undefined, set)
  return core.store.createRun({ experiment, preset: 'quick', seed: 4, params: { config, seed: 4, data: null, backend: null } }).id
}

describe('styliseImage', () => {
  it("restyles an uploaded photo with a run's style: more steps, lower loss; the photo's shape at the run's size", async () => {
    const id = run('style-transfer', { size: 48, steps: 2, style: 'example:mosaic' })
    const photo = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#3060a0' } })
      .composite([{ input: await sharp({ create: { width: 50, height: 50, channels: 3, background: '#f0e0c0' } }).png().toBuffer(), left: 50, top: 0 }])
      .png()
      .toBuffer()
    const stored = (await dispatch(core, 'uploadInputImage', [{ name: 'photo.png', dataBase64: photo.toString('base64') }])) as InputImage
    const one = (await dispatch(core, 'styliseImage', [id, { content: stored.path, steps: 1 }])) as StyliseResult
    const six = (await dispatch(core, 'styliseImage', [id, { content: stored.path, steps: 6 }])) as StyliseResult
    expect(one.steps).toBe(1)
    expect(six.steps).toBeGreaterThanOrEqual(3)
    expect(Number.isFinite(one.loss) && Number.isFinite(six.loss)).toBe(true)
    expect(six.loss).toBeLessThan(one.loss)
    const meta = await sharp(Buffer.from(six.pngBase64, 'base64')).metadata()
    expect([meta.width, meta.height]).toEqual([48, 24])
    // Nothing was written to the run.
    expect(core.store.listImages(id)).toEqual([])
  }, 600_000)

  it('refuses runs without the capability, missing photos and bad steps, naming the problem', async () => {
    const other = run('shapes-cnn', {})
    const id = run('style-transfer', { size: 48, steps: 2 })
    const message = (args: unknown[]) =>
      dispatch(core, 'styliseImage', args).then(
        () => 'no error',
        (e: Error) => e.message,
      )
    expect(await message([other, { content: 'example:landscape' }])).toBe(`run ${other} is a shapes-cnn run, which cannot stylise; style-transfer runs can`)
    expect(await message([id, { content: '/no/such/photo.png' }])).toBe('the content image /no/such/photo.png does not exist')
    expect(await message([id, { content: 'example:landscape', steps: 0 }])).toMatch(/argument 2 steps must be a whole number from 1 to 1000/)
    expect(await message([id, { content: 'example:landscape', path: '/etc' }])).toMatch(/unknown field\(s\) path/)
  }, 600_000)
})
