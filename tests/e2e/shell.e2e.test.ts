/// <reference lib="dom" />
/**
 * The app's shell in Debian's Chromium against `benchtop serve`: dark mode (the page's computed
 * colours and a chart's pixels), the keyboard (skip link, shortcuts and their `?` list), a 760 px
 * window, and the Settings page saving through the core. The runs are written to the store
 * directly (no training), so every number below is known beforehand.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findExperimentInfo } from '../../src/main/experiments/registry'
import { resolveConfig } from '../../src/main/experiments/config'
import { RunStore } from '../../src/main/store'
import { tempHome } from '../helpers/cli'
import { skipWithoutChromium } from '../helpers/prerequisites'
import { CHROMIUM, CHROMIUM_ARGS, ensureRendererBuilt, screenshot, serve, type Served } from './serve'

/** An error message longer than any window, with a path that has no place to wrap. */
const LONG_ERROR = `data: cannot read ${'/very/long/folder/name'.repeat(60)}/image.png: ${'the decoder gave up '.repeat(20)}`

function writeRuns(home: string): string[] {
  const store = new RunStore(home)
  const { config } = resolveConfig(findExperimentInfo('shapes-cnn'), 'quick', {})
  const ids: string[] = []
  for (const [name, status] of [['alpha-run', 'completed'], ['beta-run', 'completed'], ['broken-run', 'failed']] as const) {
    const meta = store.createRun({ experiment: 'shapes-cnn', preset: 'quick', name, seed: 1, params: { config, seed: 1, data: null, backend: null } })
    const start = Date.parse('2026-12-01T10:00:00Z') + ids.length * 60_000
    const points = Array.from({ length: 40 }, (_, i) => ({ step: i + 1, epoch: (i + 1) / 10, value: 2 / (i + 1), time: start + i * 1000 }))
    store.appendMetric(meta.id, 'loss', points)
    store.appendMetric(meta.id, 'val_accuracy', [{ step: 40, epoch: 4, value: 0.5 + ids.length / 10, time: start + 40_000 }])
    store.updateMeta(meta.id, {
      status,
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(start + 40_000).toISOString(),
      step: 40,
      epoch: 4,
      totalSteps: 40,
      totalEpochs: 4,
      backend: 'cpu',
      error: status === 'failed' ? LONG_ERROR : null,
    })
    ids.push(meta.id)
  }
  return ids
}

/** Relative luminance (0 black .. 1 white) of a CSS `rgb(...)`/`rgba(...)` colour. */
function luminance(css: string): number {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css)
  if (!m) throw new Error(`not an rgb colour: ${css}`)
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)
  return 0.2126 * lin(Number(m[1])) + 0.7152 * lin(Number(m[2])) + 0.0722 * lin(Number(m[3]))
}

/** The page's own colours as the browser computed them. */
async function pageColours(page: Page): Promise<{ background: string; text: string; card: string }> {
  return page.evaluate(() => {
    const root = getComputedStyle(document.documentElement)
    const card = document.querySelector('.card')
    return { background: root.backgroundColor, text: root.color, card: card ? getComputedStyle(card).backgroundColor : root.backgroundColor }
  })
}

/**
 * Mean luminance (0..1) of what a chart painted in its title's corner (the title's letters only:
 * the plot, grid and legend are below it), from the canvas' pixels, weighted by their opacity.
 */
async function chartTitleLuminance(page: Page): Promise<number> {
  return page.$eval('[data-testid="metric-chart"] canvas', (c) => {
    const canvas = c as HTMLCanvasElement
    const ctx = canvas.getContext('2d')!
    const scale = canvas.width / canvas.getBoundingClientRect().width
    const data = ctx.getImageData(0, 0, Math.round(160 * scale), Math.round(26 * scale)).data
    let sum = 0
    let weight = 0
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3] / 255
      if (a < 0.5) continue
      const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)
      sum += a * (0.2126 * lin(data[i]) + 0.7152 * lin(data[i + 1]) + 0.0722 * lin(data[i + 2]))
      weight += a
    }
    if (weight === 0) throw new Error('the chart painted nothing in its title corner')
    return sum / weight
  })
}

describe.skipIf(skipWithoutChromium())('the app shell in Chromium', () => {
  const home = tempHome()
  let ids: string[]
  let served: Served
  let browser: Browser
  const errors: string[] = []

  beforeAll(async () => {
    ids = writeRuns(home)
    ensureRendererBuilt()
    served = await serve(home)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  async function open(options: { width: number; height: number; colorScheme?: 'light' | 'dark' }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: options.width, height: options.height }, colorScheme: options.colorScheme ?? 'light' })
    const page = await context.newPage()
    page.setDefaultTimeout(480_000)
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(served.url)
    await page.waitForSelector('[data-testid="run-row"] >> nth=2')
    return page
  }

  it('follows the system’s dark mode, page and charts, and switches both live from Settings', async () => {
    const page = await open({ width: 1280, height: 800, colorScheme: 'dark' })
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark')
    const dark = await pageColours(page)
    expect(luminance(dark.background)).toBeLessThan(0.05)
    expect(luminance(dark.card)).toBeLessThan(0.05)
    expect(luminance(dark.text)).toBeGreaterThan(0.6)
    await screenshot(page, 'runs-dark', { docs: false })

    await page.goto(`${served.origin}/#/runs/${ids[0]}`)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-chart"]')?.getAttribute('data-points')) >= 40)
    await page.waitForTimeout(300)
    // Light letters on the dark page.
    expect(await chartTitleLuminance(page)).toBeGreaterThan(0.5)

    // The Settings page's switch: the page and the chart turn light without a reload.
    await page.goto(`${served.origin}/#/settings`)
    await page.check('[data-testid="theme-light"]')
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    await page.goto(`${served.origin}/#/runs/${ids[0]}`)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-chart"]')?.getAttribute('data-points')) >= 40)
    await page.waitForTimeout(300)
    const light = await pageColours(page)
    expect(luminance(light.background)).toBeGreaterThan(0.8)
    expect(luminance(light.text)).toBeLessThan(0.1)
    expect(await chartTitleLuminance(page)).toBeLessThan(0.1)
    // Saved through the core, in the settings file.
    expect(JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8')).theme).toBe('light')

    // Back to dark while the chart is on screen: the same chart repaints.
    await page.goto(`${served.origin}/#/settings`)
    await page.check('[data-testid="theme-dark"]')
    await page.goto(`${served.origin}/#/runs/${ids[0]}`)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-chart"]')?.getAttribute('data-points')) >= 40)
    await page.waitForTimeout(300)
    expect(await chartTitleLuminance(page)).toBeGreaterThan(0.5)
    await screenshot(page, 'run-dark')
    // The light system theme of a new window does not override the saved choice.
    await page.evaluate(() => localStorage.clear())
    const another = await open({ width: 1280, height: 800, colorScheme: 'light' })
    await another.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    await page.goto(`${served.origin}/#/settings`)
    await page.check('[data-testid="theme-system"]')
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    await page.context().close()
    await another.context().close()
  }, 600_000)

  it('reaches the first run in 3 key presses from the start, and works the list by keyboard', async () => {
    const page = await open({ width: 1280, height: 800 })
    // Tab: "Skip to content"; Tab: "Skip to the first run"; Enter.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-link')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-link')
    const firstId = await page.evaluate(() => (document.activeElement?.closest('[data-testid="run-row"]') as HTMLElement).dataset.runId)
    expect(firstId).toBe(await page.getAttribute('[data-testid="run-row"] >> nth=0', 'data-run-id'))
    // A visible focus ring on it.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')

    // j / k move, x selects, c compares the selection.
    await page.keyboard.press('x')
    await page.keyboard.press('j')
    await page.keyboard.press('x')
    expect(await page.textContent('[data-testid="selection-count"]')).toBe('2 selected')
    await page.keyboard.press('k')
    const focused = await page.evaluate(() => (document.activeElement?.closest('[data-testid="run-row"]') as HTMLElement).dataset.runId)
    expect(focused).toBe(firstId)
    await page.keyboard.press('c')
    await page.waitForURL(/#\/compare\?runs=/)
    expect(decodeURIComponent(page.url())).toContain(firstId!)

    // The ? list, then g r back to Runs, / to the filter.
    await page.keyboard.press('?')
    await page.waitForSelector('[data-testid="shortcuts-dialog"][open]')
    const actions = await page.$$eval('[data-testid="shortcut-row"]', (rows) => rows.map((r) => r.getAttribute('data-action')))
    expect(actions).toEqual(expect.arrayContaining(['go-runs', 'go-new', 'go-compare', 'filter', 'next-run', 'toggle-select', 'compare-selected', 'cancel-selected', 'escape']))
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('shortcuts-close')
    await screenshot(page, 'shortcuts', { docs: false })
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="shortcuts-dialog"]:not([open])', { state: 'attached' })
    await page.keyboard.press('g')
    await page.keyboard.press('n')
    await page.waitForURL(/#\/new$/)
    await page.keyboard.press('/')
    await page.waitForURL(/#\/$/)
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'runs-filter')
    await page.keyboard.type('broken')
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(1)
    // Escape leaves the field; shortcuts work again.
    await page.keyboard.press('Escape')
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('broken-run')
    await page.context().close()
  }, 300_000)

  it('keeps name, status and progress at 760 px, without horizontal scrolling, the rest in the row’s details', async () => {
    const page = await open({ width: 760, height: 900 })
    // Narrow windows start with the sidebar collapsed.
    expect(await page.getAttribute('[data-testid="sidebar"]', 'data-collapsed')).toBe('true')
    const widths = await page.evaluate(() => {
      const card = document.querySelector('[data-testid="runs-table"]')!.parentElement!
      return { doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, card: card.scrollWidth, cardView: card.clientWidth }
    })
    expect(widths.doc).toBeLessThanOrEqual(widths.view)
    expect(widths.card).toBeLessThanOrEqual(widths.cardView)
    const header = async (label: string) => page.locator('[data-testid="runs-table"] thead th', { hasText: label }).first()
    for (const label of ['Name', 'Status', 'Progress']) {
      const box = await (await header(label)).boundingBox()
      expect(box, label).not.toBeNull()
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(760)
    }
    for (const label of ['Experiment', 'Started', 'Backend']) expect(await (await header(label)).isVisible(), label).toBe(false)
    await screenshot(page, 'runs-760')
    // The long error is cut to the cell, whole in its tooltip and in the details.
    const broken = page.locator('[data-testid="run-row"]', { hasText: 'broken-run' })
    expect(await broken.locator('[data-testid="run-row-error"]').getAttribute('title')).toBe(LONG_ERROR)
    await broken.locator('[data-testid="run-details-toggle"]').focus()
    await page.keyboard.press('Enter')
    const details = page.locator('[data-testid="run-details"]')
    await details.waitFor()
    expect(await details.textContent()).toContain('shapes-cnn')
    expect(await details.locator('[data-testid="run-details-error"]').textContent()).toBe(LONG_ERROR)
    const after = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }))
    expect(after.doc).toBeLessThanOrEqual(after.view)
    await screenshot(page, 'runs-760-details', { docs: false })
    // The sidebar opens again, and the table still fits.
    await page.click('[data-testid="sidebar-toggle"]')
    expect(await page.getAttribute('[data-testid="sidebar"]', 'data-collapsed')).toBe('false')
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)
    await page.context().close()
  }, 300_000)

  it('saves settings through the core, which refuses a bad queue address with the reason', async () => {
    const page = await open({ width: 1280, height: 800 })
    await page.goto(`${served.origin}/#/settings`)
    await page.waitForFunction((runs) => document.querySelector('[data-testid="runs-folder"]')?.textContent === runs, path.join(home, 'runs'))
    await page.selectOption('[data-testid="setting-backend"]', 'cpu')
    await page.fill('[data-testid="setting-threads"]', '2')
    await page.click('[data-testid="settings-save"]')
    await page.waitForSelector('[data-testid="settings-saved"]')
    const saved = JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8'))
    expect(saved).toMatchObject({ defaultBackend: 'cpu', threads: 2 })
    await page.fill('[data-testid="setting-queue"]', 'http://example.com:6379')
    await page.click('[data-testid="settings-save"]')
    await page.waitForSelector('[data-testid="settings-error"]')
    expect(await page.textContent('[data-testid="settings-error"]')).toContain('queue.url must be an address such as redis://HOST:PORT')
    expect(JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8'))).toEqual(saved)
    // A reload reads them back from the core.
    await page.reload()
    await page.waitForFunction(() => (document.querySelector('[data-testid="setting-threads"]') as HTMLInputElement | null)?.value === '2')
    expect(await page.inputValue('[data-testid="setting-backend"]')).toBe('cpu')
    await screenshot(page, 'settings')
    await page.context().close()
  }, 300_000)

  it('logged no errors in the browser console', () => {
    // The refused settings call above is answered 400 by design, which Chromium logs as a failed load.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([])
  })
})
