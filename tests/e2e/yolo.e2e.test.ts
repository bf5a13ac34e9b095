/**
 * A trained detector in Chromium against `benchtop serve`: a YOLO txt folder (generated scenes)
 * imported and shown on the Datasets page with its boxes drawn and counted per class, a tiny yolo
 * run trained on it, then chosen on the Detect page, where a picked image comes back with boxes
 * labelled by the run's classes (not COCO's), the sliders starting from the run's thresholds.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDetectionScenes } from '../../src/main/datasets/detectionScenes'
import { runCli, tempHome } from '../helpers/cli'
import { skipWithoutChromium } from '../helpers/prerequisites'
import { openApp, type OpenedApp, type Served } from './serve'

const SIZE = 64
const CLASSES = ['circle', 'square', 'triangle']

async function writeYoloFolder(root: string, count: number): Promise<number> {
  const scenes = generateDetectionScenes({ count, size: SIZE, seed: 11 })
  writeFileSync(path.join(root, 'classes.txt'), CLASSES.join('\n') + '\n')
  let boxes = 0
  for (let i = 0; i < count; i++) {
    const split = i % 5 === 4 ? 'val' : 'train'
    for (const dir of ['images', 'labels']) mkdirSync(path.join(root, dir, split), { recursive: true })
    const rgb = scenes.images.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3)
    await sharp(Buffer.from(rgb), { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(path.join(root, 'images', split, `s${i}.png`))
    const lines = scenes.boxes[i].map(({ classId, box: [x1, y1, x2, y2] }) => [classId, (x1 + x2) / 2 / SIZE, (y1 + y2) / 2 / SIZE, (x2 - x1) / SIZE, (y2 - y1) / SIZE].join(' '))
    boxes += lines.length
    writeFileSync(path.join(root, 'labels', split, `s${i}.txt`), lines.join('\n') + '\n')
  }
  return boxes
}

describe.skipIf(skipWithoutChromium())('a trained yolo run on the Detect page in Chromium', () => {
  const home = tempHome()
  let app: OpenedApp | undefined
  let served: Served
  let page: Page
  let runId = ''
  let datasetId = ''
  let boxCount = 0
  const picture = path.join(home, 'scene.png')

  beforeAll(async () => {
    const root = path.join(home, 'scenes')
    mkdirSync(root)
    boxCount = await writeYoloFolder(root, 60)
    const imported = await runCli(['datasets', 'import', root, '--json'], home)
    expect(imported.code, imported.stderr).toBe(0)
    datasetId = JSON.parse(imported.stdout).id
    const r = await runCli(['run', 'yolo', '--preset', 'tiny', '--set', 'epochs=1', '--data', datasetId, '--seed', '2', '--json'], home, 600_000)
    expect(r.code, r.stderr).toBe(0)
    runId = JSON.parse(r.stdout).runId
    const scene = generateDetectionScenes({ count: 1, size: SIZE, seed: 99 })
    await sharp(Buffer.from(scene.images), { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(picture)
    app = await openApp(home, { viewport: { width: 1280, height: 900 }, consoleErrors: false })
    ;({ served, page } = app)
  }, 900_000)

  afterAll(async () => {
    await app?.close()
  })

  it('shows the imported data set with its boxes', async () => {
    await page.goto(`${served.origin}/#/datasets?dataset=${encodeURIComponent(datasetId)}`)
    await page.waitForSelector('[data-testid="thumbnail-box"]')
    const counts = await page.locator('[data-testid="dataset-counts"] tfoot th').allTextContents()
    expect(Number(counts[1].replace(/,/g, '')) + Number(counts[2].replace(/,/g, ''))).toBe(boxCount)
    expect(CLASSES).toContain(await page.locator('[data-testid="thumbnail-box"]').first().getAttribute('data-class'))
  }, 600_000)

  it('detects with the chosen run', async () => {
    await page.goto(`${served.origin}/#/detect`)
    await page.waitForSelector(`[data-testid="detect-model"] option[value="${runId}"]`, { state: 'attached' })
    await page.selectOption('[data-testid="detect-model"]', runId)
    await page.setInputFiles('[data-testid="detect-file-input"]', picture)
    await page.waitForSelector('[data-testid="detect-card"][data-state="done"]')
    expect(await page.locator('[data-testid="detect-model-used"]').textContent()).toBe(`run ${runId}`)
    // The tiny preset's threshold (0.25) from the run's config.
    expect(await page.locator('[data-testid="score-slider"]').inputValue()).toBe('0.25')
    await page.locator('[data-testid="score-slider"]').fill('0.01')
    await page.waitForSelector('[data-testid="detect-box"]')
    const labels = await page.locator('[data-testid="detect-box"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))
    expect(labels.length).toBeGreaterThan(0)
    for (const label of labels) expect(CLASSES).toContain(label)
    expect(app?.errors).toEqual([])
  }, 600_000)
})
