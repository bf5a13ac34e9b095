/**
 * Images prepared for a classifier exactly as its training data was: image files are decoded and
 * resized by the datasets module's `decodeImage` (sharp, EXIF orientation, alpha onto white,
 * `fit: 'fill'`, linear kernel), the decoder image-folder training uses. For a model trained on
 * grey IDX data (Fashion-MNIST) the image is made grey first and copied to R = G = B, as
 * `datasets/resize.ts` made the training images.
 */
import { decodeImage } from '../datasets'

/** [size, size, 3] RGB bytes; throws ImageDecodeError (with the reason) for bytes that are no image. */
export async function prepareImage(bytes: Uint8Array, size: number, grey: boolean): Promise<Uint8Array> {
  const rgb = await decodeImage(bytes, size)
  if (!grey) return rgb
  const out = new Uint8Array(rgb.length)
  for (let i = 0; i < rgb.length; i += 3) {
    // Rec. 601 luma; resizing before or after this weighted sum gives the same grey (both are linear).
    const y = Math.round(0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2])
    out[i] = out[i + 1] = out[i + 2] = y
  }
  return out
}
