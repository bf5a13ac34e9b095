/**
 * Importing detection data sets (YOLO txt and COCO JSON folders written here) through the data
 * set registry: boxes per class counted by hand, every bad label reported per file and skipped,
 * images without labels kept as background, and decoded pixels holding the box where the label
 * says (a white square on black, found by scanning the decoded image).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { DatasetRegistry } from '../../src/main/datasets'
import { removeTempDirs, tempDir, writeImage } from '../datasets/fixtures'

/** A black w x h PNG with a white rectangle at pixels [x1, x2) x [y1, y2). */
async function writeBoxImage(path: string, w: number, h: number, rect: [number, number, number, number]): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true })
  const raw = Buffer.alloc(w * h * 3)
  for (let y = rect[1]; y < rect[3]; y++) for (let x = rect[0]; x < rect[2]; x++) raw.fill(255, (y * w + x) * 3, (y * w + x) * 3 + 3)
  await writeFile(path, await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer())
}

/** Bounding box (in pixels, x1 y1 x2 y2 exclusive) of the bright pixels of a decoded [size, size, 3] image. */
function brightBox(rgb: Uint8Array, size: number): number[] {
  let [x1, y1, x2, y2] = [size, size, 0, 0]
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (rgb[(y * size + x) * 3] > 127) {
        x1 = Math.min(x1, x)
        y1 = Math.min(y1, y)
        x2 = Math.max(x2, x + 1)
        y2 = Math.max(y2, y + 1)
      }
  return [x1, y1, x2, y2]
}

afterAll(removeTempDirs)

describe('YOLO txt import', () => {
  it('counts boxes per class, reports each bad label by file and line, keeps unlabelled images as background', async () => {
    const root = await tempDir('benchtop-yolo-')
    await writeFile(join(root, 'classes.txt'), 'cat\ndog\n')
    await mkdir(join(root, 'labels/train'), { recursive: true })
    await mkdir(join(root, 'labels/val'), { recursive: true })
    // train/val split folders in both images/ and labels/.
    await writeBoxImage(join(root, 'images/train/a.png'), 40, 20, [10, 5, 30, 15]) // cx 0.5, cy 0.5, w 0.5, h 0.5
    await writeFile(join(root, 'labels/train/a.txt'), '0 0.5 0.5 0.5 0.5\n1 0.2 0.2 0.1 0.1\n1 1.2 0.5 0.1 0.1\n5 0.5 0.5 0.1 0.1\nfoo bar\n0 0.5 0.5 -0.1 0.2\n')
    await writeImage(join(root, 'images/train/b.png'), [0, 0, 0], 8) // no label file: background
    await writeFile(join(root, 'labels/train/orphan.txt'), '0 0.5 0.5 0.1 0.1\n') // no image
    await writeImage(join(root, 'images/val/c.jpg'), [0, 0, 0], 8)
    await writeFile(join(root, 'labels/val/c.txt'), '1 0.5 0.5 0.4 0.4\n')
    const registry = new DatasetRegistry(await tempDir('benchtop-home-'), { fashionMnistDir: null })
    const info = await registry.import(root, 'boxes')
    expect(info.kind).toBe('detection')
    expect(info.format).toBe('yolo-txt')
    expect(info.classes).toEqual(['cat', 'dog'])
    expect(info.counts).toEqual({ train: { cat: 1, dog: 1 }, test: { cat: 0, dog: 1 } })
    expect(info.images).toEqual({ train: { total: 2, background: 1 }, test: { total: 1, background: 0 } })
    const skipped = info.skipped.map((s) => s.file).sort()
    expect(skipped).toEqual(['labels/train/a.txt:3', 'labels/train/a.txt:4', 'labels/train/a.txt:5', 'labels/train/a.txt:6', 'labels/train/orphan.txt'])
    const reason = (file: string) => info.skipped.find((s) => s.file === file)!.reason
    expect(reason('labels/train/a.txt:3')).toMatch(/outside the image/)
    expect(reason('labels/train/a.txt:4')).toMatch(/class id 5 is not one of the 2 classes/)
    expect(reason('labels/train/a.txt:5')).toMatch(/five numbers/)
    expect(reason('labels/train/a.txt:6')).toMatch(/not positive/)
    expect(reason('labels/train/orphan.txt')).toMatch(/without an image/)
    expect((await registry.list()).find((d) => d.id === info.id)?.kind).toBe('detection')

    // Decoded at 32 px (stretched), the white rectangle lies where the label says: x 8..24, y 8..24.
    const data = await registry.loadDetection(info.id, { size: 32 })
    expect(data.train.names).toEqual(['images/train/a.png', 'images/train/b.png'])
    expect(data.train.boxes[0]).toEqual([
      { classId: 0, cx: 0.5, cy: 0.5, w: 0.5, h: 0.5 },
      { classId: 1, cx: 0.2, cy: 0.2, w: 0.1, h: 0.1 },
    ])
    const box = brightBox(data.train.images.subarray(0, 32 * 32 * 3), 32)
    const expected = [0.25, 0.25, 0.75, 0.75].map((v) => v * 32)
    box.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1))
    expect(data.test.boxes).toEqual([[{ classId: 1, cx: 0.5, cy: 0.5, w: 0.4, h: 0.4 }]])

    // A classifier refuses it with the reason.
    await expect(registry.load(info.id, { size: 32 })).rejects.toThrow(/detection data set/)
  })

  it('reads names from data.yaml and splits an unsplit folder every 10th image to test', async () => {
    const root = await tempDir('benchtop-yolo-')
    await writeFile(join(root, 'data.yaml'), 'nc: 1\nnames: [ball]\n')
    for (let i = 0; i < 10; i++) {
      await writeImage(join(root, `images/im${i}.png`), [0, 0, 0], 8)
      await mkdir(join(root, 'labels'), { recursive: true })
      await writeFile(join(root, `labels/im${i}.txt`), '0 0.5 0.5 0.2 0.2\n')
    }
    const info = await new DatasetRegistry(await tempDir('benchtop-home-'), { fashionMnistDir: null }).import(root)
    expect(info.classes).toEqual(['ball'])
    expect(info.counts).toEqual({ train: { ball: 9 }, test: { ball: 1 } })
  })

  it('refuses a YOLO folder without class names, naming the files it looked for', async () => {
    const root = await tempDir('benchtop-yolo-')
    await writeImage(join(root, 'images/a.png'), [0, 0, 0], 8)
    await mkdir(join(root, 'labels'))
    await expect(new DatasetRegistry(await tempDir('benchtop-home-'), { fashionMnistDir: null }).import(root, 'nameless')).rejects.toThrow(/cannot import "nameless".*classes\.txt or data\.yaml/)
  })
})

describe('COCO JSON import', () => {
  it('maps category ids to classes, converts pixel boxes, reports bad annotations and missing images', async () => {
    const root = await tempDir('benchtop-coco-')
    await writeBoxImage(join(root, 'images/a.png'), 40, 20, [10, 5, 30, 15])
    await writeImage(join(root, 'images/b.png'), [0, 0, 0], 8)
    await mkdir(join(root, 'annotations'))
    const coco = {
      images: [
        { id: 1, file_name: 'a.png', width: 40, height: 20 },
        { id: 2, file_name: 'b.png', width: 8, height: 8 },
        { id: 3, file_name: 'missing.png', width: 8, height: 8 },
      ],
      categories: [
        { id: 9, name: 'dog' },
        { id: 2, name: 'car' },
      ],
      annotations: [
        { id: 10, image_id: 1, category_id: 9, bbox: [10, 5, 20, 10] },
        { id: 11, image_id: 1, category_id: 2, bbox: [35, 0, 10, 10] }, // reaches x = 45 > 40
        { id: 12, image_id: 1, category_id: 4, bbox: [0, 0, 4, 4] }, // unknown category
        { id: 13, image_id: 1, category_id: 2, bbox: [0, 0, 0, 4] }, // zero width
      ],
    }
    await writeFile(join(root, 'annotations/instances_train.json'), JSON.stringify(coco))
    const registry = new DatasetRegistry(await tempDir('benchtop-home-'), { fashionMnistDir: null })
    const info = await registry.import(root)
    expect(info.format).toBe('coco-json')
    // Classes in category-id order: car (2) then dog (9).
    expect(info.classes).toEqual(['car', 'dog'])
    expect(info.counts.train).toEqual({ car: 0, dog: 1 })
    expect(info.images).toEqual({ train: { total: 2, background: 1 }, test: { total: 0, background: 0 } })
    const reasons = info.skipped.map((s) => `${s.file} | ${s.reason}`)
    expect(reasons).toHaveLength(4)
    expect(reasons.find((r) => r.includes('annotation 11'))).toMatch(/outside the image/)
    expect(reasons.find((r) => r.includes('annotation 12'))).toMatch(/category_id 4 is not in "categories"/)
    expect(reasons.find((r) => r.includes('annotation 13'))).toMatch(/not positive/)
    expect(reasons.find((r) => r.includes('image 3'))).toMatch(/missing\.png is not under images/)
    const data = await registry.loadDetection(info.id, { size: 16 })
    expect(data.train.boxes[0]).toEqual([{ classId: 1, cx: 0.5, cy: 0.5, w: 0.5, h: 0.5 }])
  })
})
