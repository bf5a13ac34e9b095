/**
 * Style transfer from the app in Chromium against `benchtop serve`: on New run, a content and a
 * style image are dropped on the image fields (uploaded through uploadInputImage and stored under
 * <home>/inputs/), a file that is no image shows its error, the run starts, its result images
 * grow step by step on the run page, and the before/after swipe compares content and result.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/cli'
import { skipWithoutChromium } from '../helpers/prerequisites'
import { openApp, type OpenedApp, type Served } from './serve'

describe.skipIf(skipWithoutChromium())('style transfer from New run in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page

  beforeAll(async () => {
    app = await openApp(home, { viewport: { width: 1280, height: 1000 }, consoleErrors: false })
    ;({ served, page } = app)
  }, 180_000)

  afterAll(async () => {
    await app?.close()
  })

  /** Drops one file on a zone, the way a browser delivers a real drop. */
  async function drop(selector: string, name: string, bytes: Buffer): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      ([fileName, b64]) => {
        const bin = atob(b64)
        const data = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i)
        const dt = new DataTransfer()
        dt.items.add(new File([data], fileName, { type: 'image/png' }))
        return dt
      },
      [name, bytes.toString('base64')],
    )
    await page.dispatchEvent(selector, 'drop', { dataTransfer })
  }

  it('drops content and style, starts, shows the images growing, and swipes between content and result', async () => {
    await page.goto(`${served.origin}/#/new?experiment=style-transfer&preset=quick`)
    await page.waitForSelector('[data-testid="image-drop-content"]')

    // A file that is no image: the core's reason, naming it; the value stays the example.
    await drop('[data-testid="image-drop-content"]', 'notes.png', Buffer.from('these are notes, not pixels'))
    const error = await page.waitForSelector('[data-testid="image-error-content"]')
    expect(await error.textContent()).toMatch(/notes\.png: not a readable image/)
    expect(await page.textContent('[data-testid="image-value-content"]')).toBe('example:landscape')

    // A 3:2 content picture (left half dark, right half light) and a striped style picture.
    const content = await sharp({ create: { width: 90, height: 60, channels: 3, background: '#203040' } })
      .composite([{ input: await sharp({ create: { width: 45, height: 60, channels: 3, background: '#e0d0a0' } }).png().toBuffer(), left: 45, top: 0 }])
      .png()
      .toBuffer()
    const stripes = Buffer.alloc(64 * 64 * 3)
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) stripes.set((x + y) % 16 < 8 ? [200, 30, 30] : [30, 30, 200], (y * 64 + x) * 3)
    const style = await sharp(stripes, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer()
    await drop('[data-testid="image-drop-content"]', 'content.png', content)
    await drop('[data-testid="image-drop-style"]', 'style.png', style)
    await page.waitForSelector('[data-testid="image-preview-content"]')
    await page.waitForSelector('[data-testid="image-preview-style"]')
    const contentPath = (await page.textContent('[data-testid="image-value-content"]'))!.trim()
    const stylePath = (await page.textContent('[data-testid="image-value-style"]'))!.trim()
    expect(path.dirname(contentPath)).toBe(path.join(home, 'inputs'))
    expect(readFileSync(contentPath).equals(content)).toBe(true)
    expect(readFileSync(stylePath).equals(style)).toBe(true)

    // Small and short: 64 px, 48 steps, a frame every 3. Every value the step slider takes is
    // recorded from before the start, so the growth is seen however fast the run trains (the
    // slider may first render after the last frame on a quick machine, or the first on a slow one).
    await page.evaluate(() => {
      const seen: number[] = []
      ;(window as unknown as { stepPositions: number[] }).stepPositions = seen
      const record = (): void => {
        const slider = document.querySelector('[data-testid="image-step"]')
        if (!slider) return
        const n = Number(slider.getAttribute('max')) + 1
        if (seen.at(-1) !== n) seen.push(n)
      }
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['max'] })
    })
    await page.fill('[data-testid="field-size"]', '64')
    await page.fill('[data-testid="field-steps"]', '48')
    await page.fill('[data-testid="field-imageEvery"]', '3')
    await page.click('[data-testid="start-run"]')
    await page.waitForURL(/#\/runs\/[^/]+$/)
    const runId = decodeURIComponent(page.url().split('/').pop()!)
    const params = JSON.parse(readFileSync(path.join(home, 'runs', runId, 'params.json'), 'utf8'))
    expect(params.config).toMatchObject({ content: contentPath, style: stylePath, size: 64, steps: 48 })

    // The images grow: the step slider gains positions while the run trains (one per frame written).
    await page.waitForSelector('[data-testid="run-status"][data-status="completed"]')
    // Frames at steps 3, 6, ..., 48 (the inputs come first).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="image-step"]')?.getAttribute('max')) + 1 >= 16)
    const seen = await page.evaluate(() => (window as unknown as { stepPositions: number[] }).stepPositions)
    expect(seen.length, `slider positions seen: ${seen.join(', ')}`).toBeGreaterThan(1)
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1])
    // The result keeps the content's 3:2 shape at the run size.
    const tile = page.locator('[data-testid="image-tile"][data-file^="result-"] img').first()
    await tile.waitFor()
    const size = await tile.evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : [0, 0]))
    expect(size).toEqual([64, 43])

    // Swipe: content on the left of the divider, the last result on the right.
    const before = await page.$$eval('[data-testid="swipe-before"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))
    await page.selectOption('[data-testid="swipe-before"]', before.find((f) => f.startsWith('content-'))!)
    await page.selectOption('[data-testid="swipe-after"]', before.filter((f) => f.startsWith('result-')).at(-1)!)
    await page.fill('[data-testid="swipe-position"]', '30')
    const clip = await page.getAttribute('[data-testid="image-swipe"] img.clip', 'style')
    expect(clip).toContain('inset(0px 70% 0px 0px)')
    expect(await page.getAttribute('[data-testid="image-swipe"] img.clip', 'alt')).toMatch(/^content · step 0/)
  }, 900_000)
})
