/**
 * A finished shapes-cnn run's page in Chromium against `benchtop serve`: the model view lists its
 * layers, and an image dropped on "Try the model" comes back with one probability bar per class
 * (through predictImages and the core's cached model); a file that is no image shows its error.
 */
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliForRunId, tempHome, TINY } from '../helpers/cli'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'

describe.skipIf(skipWithoutChromium())('predicting on a finished run page in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let runId = ''

  beforeAll(async () => {
    runId = await runCliForRunId(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=1', '--seed', '3', '--json'], home)
    // Uncaught page errors only, as this test has always counted them.
    app = await openApp(home, { viewport: { width: 1280, height: 900 }, consoleErrors: false })
    ;({ served, page } = app)
  }, 180_000)

  afterAll(async () => {
    await app?.close()
  })

  /** Drops files (name -> bytes) on the panel, the way a browser delivers a real drop. */
  async function drop(files: Record<string, Buffer>): Promise<void> {
    const dataTransfer = await page.evaluateHandle((entries) => {
      const dt = new DataTransfer()
      for (const [name, b64] of entries) {
        const bin = atob(b64)
        const bytes = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
        dt.items.add(new File([bytes], name, { type: 'image/png' }))
      }
      return dt
    }, Object.entries(files).map(([name, bytes]) => [name, bytes.toString('base64')]))
    await page.dispatchEvent('[data-testid="predict-drop-zone"]', 'drop', { dataTransfer })
  }

  it('shows the model and classifies a dropped image', async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(runId)}`)
    await page.waitForSelector('[data-testid="model-row"]', { timeout: 60_000 })
    expect(await page.locator('[data-testid="model-row"]').count()).toBe(6)
    await page.waitForSelector('[data-testid="predict-panel"]')

    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 240, g: 240, b: 240 } } }).png().toBuffer()
    await drop({ 'light.png': png, 'notes.png': Buffer.from('these are notes, not pixels') })
    await page.waitForSelector('[data-testid="predict-item"][data-image="light.png"][data-state="done"]', { timeout: 60_000 })
    await page.waitForSelector('[data-testid="predict-item"][data-image="notes.png"][data-state="error"]', { timeout: 60_000 })

    const bars = page.locator('[data-testid="predict-item"][data-image="light.png"] [data-testid="predict-bar"]')
    expect(await bars.count()).toBe(3)
    const percents = (await bars.locator('.p').allTextContents()).map((t) => parseFloat(t))
    expect(percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0)
    expect(await page.locator('[data-testid="predict-item"][data-image="light.png"] [data-testid="predict-bar"].top').count()).toBe(1)
    expect(await page.locator('[data-testid="predict-item"][data-image="notes.png"] [data-testid="predict-error"]').textContent()).toMatch(/^notes\.png: not a readable image/)
    expect(app?.errors).toEqual([])
  }, 120_000)

  it('names the layers from the model, with a Type column', async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(runId)}`)
    await page.waitForSelector('[data-testid="model-row"]', { timeout: 60_000 })
    const names = await page.locator('[data-testid="model-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))
    expect(names).toEqual(['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'flatten_1', 'dense_1'])
    expect(await page.locator('[data-testid="model-view"] thead th').allTextContents()).toContain('Type')
  }, 120_000)

  it('shows the validation predictions as thumbnails, misclassified first, filtered by the confusion matrix', async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(runId)}`)
    await page.waitForSelector('[data-testid="prediction-thumb"]', { timeout: 60_000 })
    // The contact sheet came through the API as a PNG, and each thumbnail shows its cell of it.
    await page.waitForFunction(() => document.querySelector('[data-testid="prediction-thumb"] .picture')?.getAttribute('style')?.includes('data:image/png;base64,'))
    const thumbs = () =>
      page.locator('[data-testid="prediction-thumb"]').evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('data-label'), predicted: e.getAttribute('data-predicted') })))
    const all = await thumbs()
    expect(all.length).toBeGreaterThan(0)
    const wrong = all.map((t) => t.label !== t.predicted)
    // Misclassified first: no right answer before a wrong one.
    expect(wrong).toEqual([...wrong].sort((a, b) => Number(b) - Number(a)))
    // The run's images card does not repeat the contact sheet.
    expect(await page.locator('[data-testid="run-images"]').count()).toBe(0)

    // Every cell of the matrix with a count has examples among the thumbnails (16 images, 3 classes).
    const cells = await page.locator('[data-testid="confusion-cell"]').evaluateAll((els) =>
      els.map((e) => ({ actual: e.getAttribute('data-actual')!, predicted: e.getAttribute('data-predicted')!, count: Number(e.textContent) })),
    )
    expect(cells.reduce((sum, c) => sum + c.count, 0)).toBe(16)
    const target = cells.find((c) => c.count > 0 && c.actual !== c.predicted) ?? cells.find((c) => c.count > 0)!
    await page.click(`[data-testid="confusion-cell"][data-actual="${target.actual}"][data-predicted="${target.predicted}"] button`)
    await page.waitForSelector('[data-testid="predictions-filter"]')
    const filtered = await thumbs()
    expect(filtered.length).toBeGreaterThan(0)
    expect(filtered.length).toBeLessThanOrEqual(target.count)
    for (const t of filtered) expect(t).toEqual({ label: target.actual, predicted: target.predicted })

    await screenshot(page.locator('[data-testid="run-outputs"]'), 'predictions', { docs: false })
    await page.locator('[data-testid="prediction-thumb"]').first().click()
    const zoom = page.locator('[data-testid="prediction-zoom"]')
    await zoom.waitFor()
    await screenshot(page, 'prediction-zoom', { docs: false })
    expect(await zoom.textContent()).toContain(`true ${target.actual}`)
    await page.keyboard.press('Escape')
    await zoom.waitFor({ state: 'detached' })
    await page.click('[data-testid="predictions-clear-filter"]')
    expect((await thumbs()).length).toBe(all.length)
    expect(app?.errors).toEqual([])
  }, 120_000)
})
