/// <reference lib="dom" />
/**
 * The language-model panel of a char-rnn run in Debian's Chromium against `benchtop serve`: a
 * tiny real run (300 words, 2 epochs, about 10 s here), then the word table, the user's words,
 * another checkpoint, the sampling lab with top-3 and the per-epoch timeline.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLanguageModel, scoreWords, SEED_TEST_WORDS } from '../../src/main/lm'
import type { RunSummary } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'
import { openApp, screenshot, type OpenedApp, type Served } from './serve'
import { skipWithoutChromium } from '../helpers/prerequisites'


describe.skipIf(skipWithoutChromium())('the language-model panel in Chromium against benchtop serve', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let run: RunSummary

  async function call<T>(method: string, args: unknown[]): Promise<T> {
    const response = await fetch(`${served.origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-benchtop-token': served.token },
      body: JSON.stringify({ method, args }),
    })
    const body = (await response.json()) as { ok: boolean; result?: T; error?: string }
    if (!body.ok) throw new Error(body.error)
    return body.result as T
  }

  beforeAll(async () => {
    app = await openApp(home, { viewport: { width: 1400, height: 900 } })
    ;({ served, page } = app)
    // 285 training words in batches of 64: 5 steps an epoch, two checkpoints.
    run = await call<RunSummary>('startRun', [{ experiment: 'char-rnn', preset: 'quick', set: { limit: 300, epochs: 2 }, seed: 4, name: 'letters' }])
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    rmSync(home, { recursive: true, force: true })
  })

  it("shows the seed's 20 words with the probabilities the model gives them, once the run has trained", async () => {
    await page.goto(`${served.origin}/#/runs/${encodeURIComponent(run.id)}`)
    await page.waitForSelector('[data-testid="run-status"]:has-text("completed")', { timeout: 120_000 })
    await page.waitForSelector('[data-testid="lm-word-table"][data-checkpoint="epoch-0002"]', { timeout: 30_000 })
    const rows = page.locator('[data-testid="lm-word-row"]')
    await expect.poll(() => rows.count()).toBe(20)
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        word: tr.getAttribute('data-word')!,
        p: Number(tr.getAttribute('data-probability')),
        cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.trim()),
      })),
    )
    expect(shown.map((r) => r.word)).toEqual([...SEED_TEST_WORDS])
    // The same numbers as the model loaded here from the run folder, printed as the seed prints them.
    await tf.setBackend('cpu')
    const model = await loadLanguageModel(path.join(home, 'runs', run.id))
    const reference = scoreWords(model, [...SEED_TEST_WORDS], model.maxLength)
    model.dispose()
    shown.forEach((row, i) => {
      expect(row.p / reference[i].p).toBeCloseTo(1, 4)
      expect(row.cells[1]).toMatch(/^\d\.\d\de-\d+$/)
      expect(Number(row.cells[2])).toBeCloseTo(reference[i].logp, 2)
    })
    const groups = await page.locator('[data-testid="lm-word-table"] tbody[data-group]').evaluateAll((bodies) => bodies.map((b) => b.getAttribute('data-group')))
    expect(groups).toEqual(['apple', 'bear', 'car', 'query', 'Your words'])
    expect(await page.locator('[data-testid="lm-word-row"][data-best="true"]').count()).toBe(4)
  }, 180_000)

  it("adds the user's word and shows the table at the first checkpoint", async () => {
    await page.fill('[data-testid="lm-user-words"]', 'Dog')
    await page.click('[data-testid="lm-add-words"]')
    const dog = page.locator('tbody[data-group="Your words"] [data-testid="lm-word-row"][data-word="dog"]')
    await dog.waitFor()
    expect(await dog.locator('td').nth(1).textContent()).toMatch(/^\d\.\d\de-\d+$/)
    const before = await page.getAttribute('[data-word="apple"]', 'data-probability')
    await page.selectOption('[data-testid="lm-table-checkpoint"]', 'epoch-0001')
    await page.waitForSelector('[data-testid="lm-word-table"][data-checkpoint="epoch-0001"]')
    expect(await page.getAttribute('[data-word="apple"]', 'data-probability')).not.toBe(before)
    // The user's word stays, scored at the new checkpoint too.
    await dog.waitFor()
  })

  it('samples words with top-3 and colours every letter by its probability', async () => {
    await page.fill('[data-testid="lm-sample-n"]', '8')
    await page.fill('[data-testid="lm-sample-topk"]', '3')
    await page.fill('[data-testid="lm-sample-seed"]', '5')
    await page.click('[data-testid="lm-sample"]')
    await page.waitForSelector('[data-testid="lm-samples"][data-seed="5"]')
    const letters = await page.locator('[data-testid="lm-samples"] .letter').evaluateAll((spans) =>
      spans.map((s) => ({ background: getComputedStyle(s).backgroundColor, title: s.getAttribute('title')!, p: Number(s.getAttribute('data-p')) })),
    )
    expect(letters.length).toBeGreaterThan(0)
    for (const l of letters) {
      expect(l.background).not.toBe('rgba(0, 0, 0, 0)')
      expect(l.title).toMatch(/^'[a-z]': p = [\d.e-]+; drawn with [\d.e-]+ after temperature and top-k$/)
      expect(l.p > 0 && l.p <= 1).toBe(true)
    }
    expect(await page.locator('[data-testid="lm-samples"] [data-testid="lm-word"]').count()).toBe(8)
    expect(await page.textContent('[data-testid="lm-samples"]')).toContain('top-k 3')
  })

  it('shows the words sampled after each epoch as a timeline', async () => {
    const epochs = page.locator('[data-testid="lm-timeline-epoch"]')
    await expect.poll(() => epochs.count()).toBe(2)
    expect(await epochs.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-epoch')))).toEqual(['1', '2'])
    expect(await epochs.nth(1).locator('.letter').count()).toBeGreaterThan(0)
    // The README's picture of this panel comes from a real seed run (scripts/docs-screenshot.ts).
    await screenshot(page.locator('[data-testid="lm-panel"]'), 'language-model', { docs: false })
    expect(app?.errors).toEqual([])
  })
})
