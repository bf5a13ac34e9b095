/// <reference lib="dom" />
/**
 * The ResNet shortcut study in Debian's Chromium against `benchtop serve`: the Shortcut study
 * button with a tiny two-epoch config (2 shape classes, 2 images each, 69 px, one step an epoch),
 * all four runs to the end, the overlaid charts, the difference curves, the table and a CSV export.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/cli'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'


const chartPoints = (page: Page, chart: string) =>
  page.$eval(`[data-chart="${chart}"] [data-testid="metric-chart"]`, (el) => Number(el.getAttribute('data-points')))

describe.skipIf(skipWithoutChromium())('the shortcut study in Chromium against benchtop serve', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page

  beforeAll(async () => {
    app = await openApp(home, { viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    ;({ served, page } = app)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
  })

  it('starts four runs from the Shortcut study button and shows them overlaid, their differences and the table', async () => {
    await page.goto(`${served.origin}/#/new`)
    // In the full suite this file can share the 2 cores with the load test's busy loops: the first
    // render of New run then takes minutes. Waits are for elements, never for time.
    await page.waitForSelector('[data-testid="experiment-select"]', { timeout: 480_000 })
    await page.selectOption('[data-testid="experiment-select"]', 'resnet')
    await page.selectOption('[data-testid="preset-select"]', 'quick')
    await page.selectOption('[data-testid="dataset-select"]', 'shapes')
    const tiny: Record<string, string> = { size: '69', classes: '2', trainLimit: '2', testLimit: '1', batch: '4', epochs: '2' }
    for (const [key, value] of Object.entries(tiny)) await page.fill(`[data-testid="field-${key}"]`, value)
    await page.fill('[data-testid="seed-input"]', '5')
    await page.click('[data-testid="study-button"]')
    await page.waitForURL(/#\/studies\/study-[^/]+$/, { timeout: 30_000 })

    // The four runs train one after another; the table follows them live.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="study-row"][data-status="completed"]').length === 4, undefined, { timeout: 420_000, polling: 500 })
    const rows = await page.$$eval('[data-testid="study-row"]', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')))
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['ResNet18', 'true'],
      ['ResNet18', 'false'],
      ['ResNet50', 'true'],
      ['ResNet50', 'false'],
    ])
    for (const r of rows) {
      expect(r[2]).toContain('completed')
      expect(r[3]).toMatch(/^\d+\.\d%$/)
      expect(r[8]).toMatch(/^\d{1,3}(,\d{3})+$/)
    }

    // Two epochs of one step: 2 loss points a run, overlaid for 4 runs; one difference curve per model.
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="study-loss"] [data-testid="metric-chart"]')?.getAttribute('data-points')) === 8, undefined, { timeout: 30_000 })
    expect(await chartPoints(page, 'study-accuracy')).toBe(8)
    expect(await chartPoints(page, 'study-val_accuracy')).toBe(8)
    expect(await chartPoints(page, 'study-difference-loss')).toBe(4)
    expect(await chartPoints(page, 'study-difference-val_accuracy')).toBe(4)
    expect(await page.$eval('[data-chart="study-difference-val_accuracy"] [data-testid="metric-chart"]', (el) => el.getAttribute('aria-label'))).toBe(
      'validation accuracy (with − without)',
    )

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="study-difference-loss"] [data-testid="export-csv"]')])
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n')
    expect(csv[0]).toBe('step,model=ResNet18 (raw),model=ResNet50 (raw)')
    expect(csv).toHaveLength(3)
    await screenshot(page, 'study', { fullPage: true })

    // The runs list links each run to its study.
    await page.goto(`${served.origin}/#/`)
    await page.waitForSelector('[data-testid="study-link"]')
    expect(await page.$$eval('[data-testid="study-link"]', (links) => links.length)).toBe(4)
    expect(app?.errors).toEqual([])
  }, 1_200_000)
})
