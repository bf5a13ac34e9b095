/**
 * A finished shapes-cnn run's page in Chromium against `benchtop serve`: the model view lists its
 * layers, and an image dropped on "Try the model" comes back with one probability bar per class
 * (through predictImages and the core's cached model); a file that is no image shows its error.
 */
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempHome, TINY } from '../helpers/cli'
import { openApp, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'

describe.skipIf(skipWithoutChromium())('predicting on a finished run page in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let runId = ''

  beforeAll(async () => {
    const r = await runCli(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=1', '--seed', '3', '--json'], home)
    expect(r.code, r.stderr).toBe(0)
    runId = JSON.parse(r.stdout).runId
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
})
