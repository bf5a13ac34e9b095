/// <reference lib="dom" />
/**
 * The Faces page in Debian's Chromium against `benchtop serve`: pick and drop photos (skimage's
 * astronaut.png, its mirror image, a photo without a face), see the aligned crops, move the
 * threshold and watch the verdicts change colour with no new `findFaces` call.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/cli'
import { skipWithoutChromium } from '../helpers/prerequisites'
import { skipUnless } from '../helpers/skip'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'

const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png'
const COFFEE = '/usr/lib/python3/dist-packages/skimage/data/coffee.png'

describe.skipIf(skipWithoutChromium() || skipUnless(existsSync(ASTRONAUT), `${ASTRONAUT} is missing (apt-get install python3-skimage)`))('the Faces page', () => {
  const home = tempHome()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-faces-e2e-'))
  let app: OpenedApp | undefined
  let served: Served
  let page: Page

  beforeAll(async () => {
    await sharp(ASTRONAUT).flop().png().toFile(path.join(dir, 'mirror.png'))
    app = await openApp(home, { viewport: { width: 1280, height: 900 } })
    ;({ served, page } = app)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows crops, a matrix whose verdicts follow the threshold without new calls, and people', async () => {
    const calls: string[] = []
    const onRequest = (r: { url(): string; postData(): string | null }) => {
      if (r.url().includes('/api/call') && (r.postData() ?? '').includes('"findFaces"')) calls.push(r.url())
    }
    page.on('request', onRequest)
    try {
      await page.goto(`${served.origin}/#/faces`)
      await page.waitForSelector('[data-testid="faces-drop-zone"]')
      await page.setInputFiles('[data-testid="faces-file-input"]', [ASTRONAUT, COFFEE])
      await page.waitForSelector('[data-testid="face-photo"][data-image="astronaut.png"][data-state="done"]', { timeout: 180_000 })
      await page.waitForSelector('[data-testid="face-photo"][data-image="coffee.png"][data-state="done"]', { timeout: 180_000 })
      expect(await page.locator('[data-testid="face-photo"][data-image="coffee.png"] [data-testid="face-photo-status"]').textContent()).toContain('no face found')

      // A real drop of the mirror image.
      const dataTransfer = await page.evaluateHandle((b64) => {
        const bin = atob(b64)
        const bytes = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
        const dt = new DataTransfer()
        dt.items.add(new File([bytes], 'mirror.png', { type: 'image/png' }))
        return dt
      }, readFileSync(path.join(dir, 'mirror.png')).toString('base64'))
      await page.dispatchEvent('[data-testid="faces-drop-zone"]', 'drop', { dataTransfer })
      await page.waitForSelector('[data-testid="face-photo"][data-image="mirror.png"][data-state="done"]', { timeout: 180_000 })
      expect(calls).toHaveLength(3)
      expect(await page.locator('[data-testid="face-crop"]').count()).toBe(2)

      const verdicts = () => page.$$eval('[data-testid="pair-cell"]', (cells) => cells.map((c) => c.getAttribute('data-verdict')))
      expect(await verdicts()).toEqual(['same', 'same'])
      expect(await page.locator('[data-testid="face-group"]').count()).toBe(1)
      // The mirror is about 0.18 away: at 0.1 the two faces are different people.
      await page.fill('[data-testid="face-threshold"]', '0.1')
      await expect.poll(verdicts).toEqual(['different', 'different'])
      await expect.poll(() => page.locator('[data-testid="face-group"]').count()).toBe(2)
      await page.fill('[data-testid="face-threshold"]', '0.6')
      await expect.poll(verdicts).toEqual(['same', 'same'])
      expect(calls).toHaveLength(3)
      await screenshot(page, 'faces')
    } finally {
      page.off('request', onRequest)
    }
  }, 600_000)
})
