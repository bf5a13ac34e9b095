/**
 * Forking in Chromium against `benchtop serve`: "Fork from here" on a finished run's checkpoint
 * opens New run prefilled as a fork, the shape fields are locked, and the started run's page
 * names its parent; the new run's first loss point is at the step after the fork's.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliForRunId, tempHome, TINY, waitFor } from '../helpers/cli'
import { skipWithoutChromium } from '../helpers/prerequisites'
import { openApp, type OpenedApp, type Served } from './serve'

describe.skipIf(skipWithoutChromium())('forking from a run page in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let parentId = ''

  beforeAll(async () => {
    parentId = await runCliForRunId(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=2', '--seed', '5', '--json'], home)
    app = await openApp(home, { viewport: { width: 1280, height: 900 } })
    ;({ served, page } = app)
  }, 180_000)

  afterAll(async () => {
    await app?.close()
  })

  it('Fork from here starts a run from the checkpoint that names its parent', async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(parentId)}`)
    await page.click('[data-testid="fork-epoch-0001"]')
    await page.waitForSelector('[data-testid="fork-from"]')
    expect(await page.textContent('[data-testid="fork-from"]')).toContain('epoch-0001 (step 4)')
    expect(await page.isDisabled('[data-testid="field-filters"]')).toBe(true)
    expect(await page.isDisabled('[data-testid="field-lr"]')).toBe(false)
    await page.fill('[data-testid="field-lr"]', '0.01')
    await page.fill('[data-testid="field-epochs"]', '3')
    await page.click('[data-testid="start-run"]')
    await page.waitForSelector('[data-testid="run-checkpoints"], [data-testid="form-error"]')
    if (await page.locator('[data-testid="form-error"]').count()) throw new Error(`the fork did not start: ${await page.textContent('[data-testid="form-error"]')}`)
    await page.waitForURL(/#\/runs\/[^/]+$/, { timeout: 60_000 })
    const childId = decodeURIComponent(page.url().split('/').pop()!)
    expect(childId).not.toBe(parentId)
    await page.waitForSelector(`text=Forked from`)
    expect(await page.locator(`a[href="#/runs/${parentId}"]`).count()).toBeGreaterThan(0)

    const dir = path.join(home, 'runs', childId)
    const meta = () => JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'))
    await waitFor(() => ['completed', 'failed'].includes(meta().status), 180_000, 'the fork to finish')
    expect(meta()).toMatchObject({ status: 'completed', parent: { runId: parentId, checkpoint: 'epoch-0001', step: 4, epoch: 1 } })
    const first = JSON.parse(readFileSync(path.join(dir, 'metrics', 'loss.jsonl'), 'utf8').split('\n')[0])
    expect(first.step).toBe(5)
    expect(JSON.parse(readFileSync(path.join(dir, 'params.json'), 'utf8')).config).toMatchObject({ lr: 0.01, epochs: 3, filters: 2 })
    expect(app!.errors).toEqual([])
  }, 600_000)
})
