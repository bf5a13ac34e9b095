import type { DatasetPreview, DatasetThumbnail } from '../../shared/api'
import type { DatasetRegistry, ImageSet } from '../datasets'
import { loadSharp } from '../datasets/sharp'

/** Thumbnail edge in pixels: big enough to tell a cat from a dog, small enough for a grid of dozens. */
const THUMB = 48

async function thumbnails(set: ImageSet, classes: string[], split: 'train' | 'test'): Promise<DatasetThumbnail[]> {
  const pixels = THUMB * THUMB * 3
  const sharp = await loadSharp()
  return Promise.all(
    Array.from(set.labels, async (label, i) => {
      const png = await sharp(Buffer.from(set.images.buffer, set.images.byteOffset + i * pixels, pixels), {
        raw: { width: THUMB, height: THUMB, channels: 3 },
      })
        .png()
        .toBuffer()
      return { className: classes[label], split, dataUrl: `data:image/png;base64,${png.toString('base64')}` }
    }),
  )
}

/** Detection: the first images of each split with their boxes (normalised corners), drawn by the page. */
async function detectionPreview(registry: DatasetRegistry, id: string, perSplit: number): Promise<DatasetPreview> {
  const data = await registry.loadDetection(id, { size: THUMB, limit: perSplit })
  const sharp = await loadSharp()
  const pixels = THUMB * THUMB * 3
  const thumbs: DatasetThumbnail[] = []
  for (const split of ['train', 'test'] as const) {
    const set = data[split]
    for (let i = 0; i < set.names.length; i++) {
      const png = await sharp(Buffer.from(set.images.buffer, set.images.byteOffset + i * pixels, pixels), { raw: { width: THUMB, height: THUMB, channels: 3 } }).png().toBuffer()
      thumbs.push({
        className: set.names[i],
        split,
        dataUrl: `data:image/png;base64,${png.toString('base64')}`,
        boxes: set.boxes[i].map((b) => ({ className: data.classNames[b.classId], box: [b.cx - b.w / 2, b.cy - b.h / 2, b.cx + b.w / 2, b.cy + b.h / 2] })),
      })
    }
  }
  return { id, size: THUMB, thumbnails: thumbs }
}

/** A few images of every class and split, decoded at thumbnail size, as PNG data URLs. */
export async function datasetPreview(registry: DatasetRegistry, id: string, perClass = 6): Promise<DatasetPreview> {
  if ((await registry.get(id))?.kind === 'detection') return detectionPreview(registry, id, perClass * 2)
  const data = await registry.load(id, { size: THUMB, limitPerClass: { train: perClass, test: Math.ceil(perClass / 2) } })
  const classes = data.info.classes
  return {
    id,
    size: THUMB,
    thumbnails: [...(await thumbnails(data.train, classes, 'train')), ...(await thumbnails(data.test, classes, 'test'))],
  }
}
