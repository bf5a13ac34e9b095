/// <reference lib="dom" />
/**
 * The real UI in Debian's Chromium against `benchtop serve`, with real training on tiny data.
 * Screenshots go to test-artifacts/ (and to docs/screenshots/ with BENCHTOP_UPDATE_SCREENSHOTS=1).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTempDirs, tempDir, writeClass, writeText } from '../datasets/fixtures'
import { ROOT, tempHome } from '../helpers/cli'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'


/** Pixels of the chart canvases that are not background: proof that something was painted. */
async function paintedPixels(page: Page, scope: string): Promise<number> {
  return page.$$eval(`${scope} canvas`, (canvases) =>
    canvases.reduce((sum, c) => {
      const canvas = c as HTMLCanvasElement
      const ctx = canvas.getContext('2d')
      if (!ctx || canvas.width === 0) return sum
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
      let painted = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 230 || data[i + 1] < 230 || data[i + 2] < 230)) painted++
      return sum + painted
    }, 0),
  )
}

async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.fill(`[data-testid="${testId}"]`, value)
}

describe.skipIf(skipWithoutChromium())('the app in Chromium against benchtop serve', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page

  beforeAll(async () => {
    app = await openApp(home, { viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    ;({ served, page } = app)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await removeTempDirs()
  })

  it('refuses requests without the token or from another origin', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(`${served.origin}/api/call`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ method: 'listRuns', args: [] }) })
    expect((await call({})).status).toBe(401)
    expect((await call({ 'x-benchtop-token': 'wrong' })).status).toBe(401)
    expect((await call({ 'x-benchtop-token': served.token, origin: 'http://evil.example' })).status).toBe(403)
    expect((await call({ 'x-benchtop-token': served.token })).status).toBe(200)
    // The app shell loads without the token and never sets a cookie.
    const shell = await fetch(`${served.origin}/`)
    expect(shell.status).toBe(200)
    expect(shell.headers.get('set-cookie')).toBeNull()
  })

  it('keeps the token out of the address bar, history and cookies, in this tab’s sessionStorage only', async () => {
    await page.waitForFunction(() => !location.search.includes('token'), undefined, { timeout: 30_000 })
    expect(page.url()).not.toContain(served.token)
    expect(await page.context().cookies()).toEqual([])
    expect(await page.evaluate(() => sessionStorage.getItem('benchtop.token'))).toBe(served.token)
  })

  async function startTinyRun(name: string, epochs: number, lr: string, trainCount = '64'): Promise<string> {
    await page.goto(`${served.origin}/#/new`)
    await page.selectOption('[data-testid="experiment-select"]', 'shapes-cnn')
    await page.selectOption('[data-testid="preset-select"]', 'quick')
    const tiny: Record<string, string> = { size: '8', trainCount, testCount: '16', filters: '2', batch: '8', epochs: String(epochs), lr }
    for (const [key, value] of Object.entries(tiny)) await fill(page, `field-${key}`, value)
    await fill(page, 'run-name-input', name)
    await fill(page, 'seed-input', '11')
    await page.click('[data-testid="start-run"]')
    await page.waitForURL(/#\/runs\/[^/]+$/, { timeout: 30_000 })
    return decodeURIComponent(page.url().split('/').pop()!)
  }

  it('launches a run from the New run page and watches its chart grow', async () => {
    // 40 steps per epoch: long enough to see the chart grow even on the fast native backend.
    const runId = await startTinyRun('first-run', 6, '0.01', '320')
    expect(runId).toMatch(/^\d{8}-\d{6}-/)
    const chart = '[data-testid="run-charts"] [data-testid="metric-chart"]'
    // Record every point count the first chart shows while the run trains.
    await page.evaluate((sel) => {
      const seen = new Set<number>()
      ;(window as unknown as { __seen: Set<number> }).__seen = seen
      const timer = setInterval(() => {
        const n = Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0)
        if (n > 0) seen.add(n)
        if (document.querySelector('[data-testid="run-status"]')?.textContent?.includes('completed')) clearInterval(timer)
      }, 20)
    }, chart)
    await page.waitForSelector('[data-testid="run-status"]:has-text("completed")', { timeout: 120_000 })
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points')) >= 240, chart, { timeout: 30_000 })
    const seen = await page.evaluate(() => [...(window as unknown as { __seen: Set<number> }).__seen])
    // The chart grew through several point counts without a reload, up to every step's point.
    expect(seen.length, String(seen)).toBeGreaterThan(2)
    expect(await paintedPixels(page, '[data-testid="run-charts"]')).toBeGreaterThan(500)
    await page.waitForSelector('[data-testid="run-checkpoints"]:has-text("epoch-0006")')
    await screenshot(page, 'run')
  }, 180_000)

  it('compares two runs, changes the x-axis and smoothing, and exports CSV', async () => {
    await startTinyRun('second-run', 3, '0.003')
    await page.waitForSelector('[data-testid="run-status"]:has-text("completed")', { timeout: 120_000 })
    await page.goto(`${served.origin}/#/`)
    await page.waitForSelector('[data-testid="run-row"] >> nth=1')
    await screenshot(page, 'runs')
    const boxes = page.locator('[data-testid="run-select"]')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await page.click('[data-testid="compare-selected"]')
    await page.waitForURL(/#\/compare\?runs=/)
    await page.waitForSelector('[data-testid="metric-chart"]')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-chart"]')?.getAttribute('data-points')) > 0)
    expect(await page.locator('[data-testid="compare-run-row"]').count()).toBe(2)
    await page.selectOption('[data-testid="x-axis-select"]', 'time')
    await page.locator('[data-testid="smoothing-slider"]').fill('0.8')
    await page.waitForTimeout(300)
    expect(await paintedPixels(page, 'main')).toBeGreaterThan(1000)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').first().click()])
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n')
    expect(csv.length).toBeGreaterThan(5)
    expect(csv[0]).toMatch(/first-run/)
    expect(csv[0]).toMatch(/second-run/)
    await screenshot(page, 'compare')

    // The classifiers' predictions contact sheets belong to their run pages, not to Compare's images.
    expect(await page.locator('[data-testid="compare-images"]').count()).toBe(0)

    // One legend for every chart: hiding a run there removes its curve from each chart, and from the exports.
    const seriesCounts = () => page.$$eval('[data-testid="metric-chart"]', (charts) => charts.map((c) => Number(c.getAttribute('data-series'))))
    const before = await seriesCounts()
    expect(before.length).toBeGreaterThan(1)
    expect(before.every((n) => n === 2)).toBe(true)
    const firstRun = page.locator('[data-testid="compare-legend-item"]', { hasText: 'first-run' })
    await firstRun.click()
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="metric-chart"]')).every((c) => c.getAttribute('data-series') === '1'))
    expect(await seriesCounts()).toEqual(before.map(() => 1))
    expect(await firstRun.getAttribute('aria-pressed')).toBe('false')
    const exports = page.locator('[data-testid="export-csv"]')
    for (const index of [0, (await exports.count()) - 1]) {
      const [hiddenDownload] = await Promise.all([page.waitForEvent('download'), exports.nth(index).click()])
      const header = readFileSync((await hiddenDownload.path())!, 'utf8').split('\n')[0]
      expect(header).toMatch(/second-run/)
      expect(header).not.toMatch(/first-run/)
    }
    expect(await paintedPixels(page, 'main')).toBeGreaterThan(500)
    await firstRun.click()
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="metric-chart"]')).every((c) => c.getAttribute('data-series') === '2'))
  }, 240_000)

  it('still lists the runs after a reload', async () => {
    await page.goto(`${served.origin}/#/`)
    await page.reload()
    await page.waitForSelector('[data-testid="run-row"] >> nth=1')
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(2)
  })

  it('imports a dataset folder and shows its preview and skipped files', async () => {
    const root = path.join(await tempDir(), 'fruit')
    await writeClass(path.join(root, 'apples'), 6, 'apple-')
    await writeClass(path.join(root, 'pears'), 6, 'pear-', 40)
    await writeText(path.join(root, 'pears', 'notes.png'), 'not an image')
    await page.goto(`${served.origin}/#/datasets`)
    await fill(page, 'import-path', root)
    await page.click('[data-testid="import-submit"]')
    await page.waitForSelector('[data-testid="dataset-row"][data-dataset-id="fruit"]', { timeout: 30_000 })
    await page.click('[data-testid="dataset-row"][data-dataset-id="fruit"]')
    await page.waitForSelector('[data-testid="dataset-thumbnails"] img', { timeout: 30_000 })
    expect(await page.locator('[data-testid="dataset-thumbnails"] img').count()).toBeGreaterThanOrEqual(4)
    expect(await page.textContent('[data-testid="dataset-skipped"]')).toContain('notes.png')
    await page.fill('[data-testid="import-path"]', path.join(root, 'missing'))
    await page.click('[data-testid="import-submit"]')
    await page.waitForSelector('[data-testid="import-error"]')
    expect(await page.textContent('[data-testid="import-error"]')).toContain('missing')
    await screenshot(page, 'datasets')
  }, 60_000)

  it('renders 10 runs of 100,000 points (benchmark, printed)', async () => {
    await page.goto(`${served.origin}/#/bench/charts`)
    const result = await page.waitForSelector('[data-testid="bench-result"]:has-text("smoothingRerenderMs")', { timeout: 120_000 })
    const bench = JSON.parse((await result.textContent())!)
    console.log(`chart benchmark (Chromium, this machine): ${JSON.stringify(bench)}`)
    expect(bench.points).toBe(1_000_000)
  }, 150_000)

  it('detects objects in a picked and a dropped photo, and re-runs only NMS as a slider moves', async () => {
    const photo = path.join(ROOT, 'node_modules', '@vladmandic', 'human', 'assets', 'samples.jpg')
    const detectCalls: string[] = []
    const onRequest = (r: { url(): string; postData(): string | null }) => {
      if (r.url().includes('/api/call') && (r.postData() ?? '').includes('"detectCandidates"')) detectCalls.push(r.url())
    }
    page.on('request', onRequest)
    try {
      await page.goto(`${served.origin}/#/detect`)
      await page.waitForSelector('[data-testid="detect-drop-zone"]')
      await page.setInputFiles('[data-testid="detect-file-input"]', photo)
      await page.waitForSelector('[data-testid="detect-card"][data-image="samples.jpg"][data-state="done"]', { timeout: 90_000 })

      // A real drop: a DataTransfer holding the photo's bytes, dispatched on the page.
      const dataTransfer = await page.evaluateHandle((b64) => {
        const bin = atob(b64)
        const bytes = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
        const dt = new DataTransfer()
        dt.items.add(new File([bytes], 'dropped.jpg', { type: 'image/jpeg' }))
        return dt
      }, readFileSync(photo).toString('base64'))
      await page.dispatchEvent('[data-testid="detect-drop-zone"]', 'drop', { dataTransfer })
      await page.waitForSelector('[data-testid="detect-card"][data-image="dropped.jpg"][data-state="done"]', { timeout: 60_000 })
      expect(detectCalls).toHaveLength(2)

      const boxes = (image: string) => page.locator(`[data-testid="detect-card"][data-image="${image}"] [data-testid="detect-box"]`).count()
      const before = await boxes('samples.jpg')
      expect(before).toBeGreaterThan(0)
      expect(await boxes('dropped.jpg')).toBe(before)
      expect(await page.locator('[data-testid="detect-card"][data-image="samples.jpg"] [data-testid="detect-box"][data-label="person"]').count()).toBeGreaterThan(0)

      await page.fill('[data-testid="score-slider"]', '0.05')
      await expect.poll(() => boxes('samples.jpg')).toBeGreaterThan(before)
      const loose = await boxes('samples.jpg')
      await page.fill('[data-testid="score-slider"]', '0.6')
      await expect.poll(() => boxes('samples.jpg')).toBeLessThan(loose)
      await page.click('[data-testid="show-suppressed"]')
      await page.fill('[data-testid="score-slider"]', '0.3')
      await expect.poll(() => boxes('samples.jpg')).toBe(before)
      expect(detectCalls).toHaveLength(2)
      await screenshot(page, 'detect')
    } finally {
      page.off('request', onRequest)
    }
  }, 150_000)

  it('logged no errors in the browser console', () => {
    // The import error above is shown on the page; a failed API call is not a console error.
    expect(app?.errors).toEqual([])
  })
})
