/// <reference lib="dom" />
/**
 * A finished triplet run in Debian's Chromium against `benchtop serve`: its run page draws the ROC
 * curve, the distance histograms and the PCA projection (panels chosen by output kind), and the
 * Faces page compares whole Fashion-MNIST images with it (a T-shirt pair is "same", a T-shirt and
 * a trouser "different" at the run's own threshold).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetRegistry } from '../../src/main/datasets'
import { runCli, tempHome } from '../helpers/cli'
import { skipWithoutChromium, skipWithoutFashionMnist } from '../helpers/prerequisites'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'

describe.skipIf(skipWithoutChromium() || skipWithoutFashionMnist())('a triplet run in the app', () => {
  const home = tempHome()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-triplet-e2e-'))
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let runId = ''

  beforeAll(async () => {
    const r = await runCli(['run', 'triplet', '--preset', 'tiny', '--seed', '1', '--json'], home, 15 * 60_000)
    expect(r.code, r.stderr).toBe(0)
    runId = JSON.parse(r.stdout).runId
    const data = await new DatasetRegistry(home).load('fashion-mnist', { size: 28, limitPerClass: { train: 1, test: 2 } })
    const pixels = 28 * 28 * 3
    const picked = [0, 0, 1].map((c, k) => [...data.test.labels.keys()].filter((i) => data.test.labels[i] === c)[k === 1 ? 1 : 0])
    for (const [k, i] of picked.entries()) {
      await sharp(Buffer.from(data.test.images.subarray(i * pixels, (i + 1) * pixels)), { raw: { width: 28, height: 28, channels: 3 } }).png().toFile(path.join(dir, `${['shirt-a', 'shirt-b', 'trousers'][k]}.png`))
    }
    app = await openApp(home, { viewport: { width: 1280, height: 900 } })
    ;({ served, page } = app)
  }, 20 * 60_000)

  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('draws the ROC curve, the histograms and the projection on the run page', async () => {
    await page.goto(`${served.origin}/#/runs/${runId}`)
    await page.waitForSelector('[data-output-kind="roc-curve"] [data-testid="roc-path"]')
    expect(await page.locator('[data-testid="roc-auc"]').textContent()).toMatch(/^AUC 0\.\d{3}$/)
    expect(await page.locator('[data-output-kind="histograms"] rect').count()).toBe(80)
    expect(await page.locator('[data-output-kind="embeddings"] circle').count()).toBe(40)
    await screenshot(page.locator('[data-testid="run-outputs"]'), 'triplet-outputs')
  }, 600_000)

  it('compares whole images with the run on the Faces page', async () => {
    await page.goto(`${served.origin}/#/faces`)
    await page.waitForSelector(`[data-testid="face-model"] option[value="${runId}"]`, { state: 'attached' })
    await page.selectOption('[data-testid="face-model"]', runId)
    await page.setInputFiles('[data-testid="faces-file-input"]', ['shirt-a', 'shirt-b', 'trousers'].map((n) => path.join(dir, `${n}.png`)))
    for (const n of ['shirt-a', 'shirt-b', 'trousers']) await page.waitForSelector(`[data-testid="face-photo"][data-image="${n}.png"][data-state="done"]`, { timeout: 180_000 })
    await page.waitForSelector('[data-testid="face-model-info"]')
    expect(await page.locator('[data-testid="face-crop"]').count()).toBe(3)
    // Row-major off-diagonal cells of A1 (shirt), B1 (shirt), C1 (trousers): A-B, A-C, B-A, B-C, C-A, C-B.
    const cells = await page.$$eval('[data-testid="pair-cell"]', (tds) => tds.map((c) => ({ verdict: c.getAttribute('data-verdict'), distance: Number(c.textContent) })))
    const [ab, ac, , bc] = cells.map((c) => c.distance)
    expect(ab, `distances ${cells.map((c) => c.distance).join(', ')}`).toBeLessThan(Math.min(ac, bc))
    // A T-shirt and a trouser are different at the run's own threshold.
    expect([cells[1].verdict, cells[3].verdict]).toEqual(['different', 'different'])
    await screenshot(page, 'faces-triplet')
  }, 600_000)
})
