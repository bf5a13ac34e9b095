/**
 * The detector on an imported data set, through the command line: generated scenes written as a
 * YOLO txt folder (images/train, images/val, labels/..., classes.txt), imported, trained on with
 * `benchtop run yolo --data ID` (its loss falls, the run records the data set), then used by
 * `benchtop detect --model RUN` on a non-square image (boxes in that image's pixels, labels from
 * the data set's class names, never COCO's).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { generateDetectionScenes } from '../../src/main/datasets/detectionScenes'
import { runCli, tempHome } from '../helpers/cli'

const SIZE = 64
const CLASSES = ['circle', 'square', 'triangle']

async function writeYoloFolder(root: string): Promise<void> {
  const scenes = generateDetectionScenes({ count: 120, size: SIZE, seed: 5 })
  writeFileSync(path.join(root, 'classes.txt'), CLASSES.join('\n') + '\n')
  for (let i = 0; i < 120; i++) {
    const split = i < 96 ? 'train' : 'val'
    for (const dir of ['images', 'labels']) mkdirSync(path.join(root, dir, split), { recursive: true })
    const rgb = scenes.images.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3)
    await sharp(Buffer.from(rgb), { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(path.join(root, 'images', split, `scene${i}.png`))
    const lines = scenes.boxes[i].map(({ classId, box: [x1, y1, x2, y2] }) => [classId, (x1 + x2) / 2 / SIZE, (y1 + y2) / 2 / SIZE, (x2 - x1) / SIZE, (y2 - y1) / SIZE].join(' '))
    writeFileSync(path.join(root, 'labels', split, `scene${i}.txt`), lines.join('\n') + '\n')
  }
}

describe('yolo on an imported YOLO txt data set', () => {
  it('imports, trains (loss falls) and detects with the run from the command line', async () => {
    const home = tempHome()
    const root = path.join(home, 'scenes-yolo')
    mkdirSync(root)
    await writeYoloFolder(root)
    const imported = await runCli(['datasets', 'import', root, '--name', 'scenes', '--json'], home)
    expect(imported.code, imported.stderr).toBe(0)
    const info = JSON.parse(imported.stdout) as { id: string; kind: string; images: { train: { total: number }; test: { total: number } } }
    expect(info.kind).toBe('detection')
    expect(info.images.train.total).toBe(96)
    expect(info.images.test.total).toBe(24)

    const r = await runCli(['run', 'yolo', '--preset', 'tiny', '--set', 'epochs=4', '--data', info.id, '--seed', '1', '--json'], home, 15 * 60_000)
    expect(r.code, r.stderr).toBe(0)
    const run = JSON.parse(r.stdout) as { runId: string; status: string; dir: string }
    expect(run.status).toBe('completed')
    const meta = JSON.parse(readFileSync(path.join(run.dir, 'meta.json'), 'utf8'))
    expect(meta.dataset.id).toBe(info.id)
    const loss = readFileSync(path.join(run.dir, 'metrics', 'loss.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).value as number)
    expect(loss.length).toBe(24)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(loss.slice(-5))).toBeLessThan(0.7 * mean(loss.slice(0, 5)))

    // A 128 x 64 image: the detector sees it stretched to 64 x 64, boxes come back in 128 x 64 pixels.
    const wide = path.join(home, 'wide.png')
    const scene = generateDetectionScenes({ count: 1, size: SIZE, seed: 9 })
    await sharp(Buffer.from(scene.images), { raw: { width: SIZE, height: SIZE, channels: 3 } }).resize(128, 64, { fit: 'fill' }).png().toFile(wide)
    const d = await runCli(['detect', '--model', run.runId, '--score', '0.01', wide, '--json'], home, 5 * 60_000)
    expect(d.code, d.stderr).toBe(0)
    const [report] = JSON.parse(d.stdout) as Array<{ width: number; height: number; detections: Array<{ label: string; box: number[]; score: number }> }>
    expect([report.width, report.height]).toEqual([128, 64])
    expect(report.detections.length).toBeGreaterThan(0)
    for (const det of report.detections) {
      expect(CLASSES).toContain(det.label)
      expect(det.box[0]).toBeGreaterThanOrEqual(0)
      expect(det.box[2]).toBeLessThanOrEqual(128)
      expect(det.box[3]).toBeLessThanOrEqual(64)
    }

    // A classification run cannot detect: one clear line.
    const bad = await runCli(['detect', '--model', 'nonexistent-run', wide], home)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/nonexistent-run/)
  }, 20 * 60_000)
})
