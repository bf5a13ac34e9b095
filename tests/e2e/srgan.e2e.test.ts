/**
 * An srgan run in Chromium against `benchtop serve`: a tiny run trained on a generated photo
 * folder shows its LR, bicubic, SR and HR crops at each epoch; the swipe compares two of them
 * (the clip follows the slider); "Try the model" makes a dropped image 4x larger, swipes it
 * against bicubic and offers it for download; a file that is no image shows its error.
 */
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/cli'
import { trainTinySrgan } from '../srgan/tinyRun'
import { openApp, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'

describe.skipIf(skipWithoutChromium())('an srgan run page in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let runId = ''

  beforeAll(async () => {
    ;({ runId } = await trainTinySrgan(home))
    app = await openApp(home, { viewport: { width: 1280, height: 900 }, consoleErrors: false })
    ;({ served, page } = app)
  }, 600_000)

  afterAll(async () => {
    await app?.close()
  })

  it("shows the four crops per epoch and swipes between two of them", async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(runId)}`)
    await page.waitForSelector('[data-testid="image-tile"]', { timeout: 480_000 })
    // The tiny preset validates twice: the slider is at the last epoch, showing lr, bicubic, sr and hr.
    expect(await page.locator('[data-testid="image-step-value"]').textContent()).toBe('8')
    const files = await page.locator('[data-testid="image-tile"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))
    expect(files.sort()).toEqual(['bicubic-00000008.png', 'hr-00000008.png', 'lr-00000008.png', 'sr-00000008.png'])
    await page.selectOption('[data-testid="swipe-before"]', 'bicubic-00000008.png')
    await page.selectOption('[data-testid="swipe-after"]', 'sr-00000008.png')
    await page.locator('[data-testid="swipe-position"]').fill('20')
    const clip = page.locator('[data-testid="image-swipe"] img.clip')
    expect(await clip.getAttribute('alt')).toMatch(/^bicubic/)
    expect(await clip.evaluate((e) => (e as HTMLElement).style.clipPath)).toBe('inset(0px 80% 0px 0px)')
    await page.locator('[data-testid="swipe-position"]').fill('75')
    expect(await clip.evaluate((e) => (e as HTMLElement).style.clipPath)).toBe('inset(0px 25% 0px 0px)')
  }, 600_000)

  async function drop(name: string, bytes: Buffer): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      ([n, b64]) => {
        const bin = atob(b64)
        const data = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i)
        const dt = new DataTransfer()
        dt.items.add(new File([data], n, { type: 'image/png' }))
        return dt
      },
      [name, bytes.toString('base64')] as const,
    )
    await page.dispatchEvent('[data-testid="upscale-drop-zone"]', 'drop', { dataTransfer })
  }

  it('upscales a dropped image 4x, swipes it against bicubic and offers the PNG; a bad file shows its error', async () => {
    await page.waitForSelector('[data-testid="upscale-panel"]', { timeout: 60_000 })
    const png = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 40, g: 160, b: 90, alpha: 0.5 } } }).png().toBuffer()
    await drop('leaf.png', png)
    const result = page.locator('[data-testid="upscale-result"]')
    await result.waitFor({ timeout: 120_000 })
    expect([await result.getAttribute('data-out-width'), await result.getAttribute('data-out-height')]).toEqual(['120', '80'])
    const sr = page.locator('[data-testid="upscale-sr"]')
    await expect.poll(() => sr.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(120)
    await page.locator('[data-testid="upscale-swipe"]').fill('10')
    expect(await page.locator('[data-testid="upscale-bicubic"]').evaluate((e) => (e as HTMLElement).style.clipPath)).toBe('inset(0px 90% 0px 0px)')
    const download = page.locator('[data-testid="upscale-download"]')
    expect(await download.getAttribute('download')).toBe('leaf.x4.png')
    expect(await download.getAttribute('href')).toMatch(/^data:image\/png;base64,/)

    await drop('notes.png', Buffer.from('these are notes, not pixels'))
    await page.waitForSelector('[data-testid="upscale-error"]', { timeout: 60_000 })
    expect(await page.locator('[data-testid="upscale-error"]').textContent()).toMatch(/^notes\.png: not a readable image/)
    expect(app?.errors).toEqual([])
  }, 300_000)
})
