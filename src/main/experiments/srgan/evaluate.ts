/**
 * Validation: each held-out crop's SR result (the generator in inference mode) and its bicubic
 * upscaling, scored against HR as SR papers do (Y channel, `scale` pixels of border cropped);
 * and the fixed crops shown as LR | bicubic | SR | HR. No files: the trainer writes what this returns.
 */
import type * as tfl from '@tensorflow/tfjs-layers'
import type { FloatImage } from './bicubic'
import { superResolve } from './infer'
import { SCALE } from './model'
import { centre, enlargeNearest, sideBySide, type ValidationCrop } from './patches'
import { srQuality } from './quality'

export interface Validation {
  psnr: number
  ssim: number
  psnrBicubic: number
  ssimBicubic: number
  /** Per crop, for the log. */
  perImage: Array<{ name: string; psnr: number; ssim: number; psnrBicubic: number; ssimBicubic: number }>
  /** The shown crops side by side, one image per series. */
  strips: { lr: FloatImage; bicubic: FloatImage; sr: FloatImage; hr: FloatImage }
}

/** HR side of each shown crop (the centre of the validation crop). */
export const SHOWN_SIDE = 96
/** How many validation crops are shown. */
export const SHOWN = 3

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

export async function validate(generator: tfl.LayersModel, blocks: number, crops: readonly ValidationCrop[]): Promise<Validation> {
  const perImage: Validation['perImage'] = []
  const shown: Array<{ lr: FloatImage; bicubic: FloatImage; sr: FloatImage; hr: FloatImage }> = []
  for (const [i, crop] of crops.entries()) {
    const sr = await superResolve(generator, blocks, crop.lr)
    const q = srQuality(sr, crop.hr, SCALE)
    const b = srQuality(crop.bicubic, crop.hr, SCALE)
    perImage.push({ name: crop.name, psnr: q.psnr, ssim: q.ssim, psnrBicubic: b.psnr, ssimBicubic: b.ssim })
    if (i < SHOWN) {
      shown.push({ lr: centre(enlargeNearest(crop.lr, SCALE), SHOWN_SIDE), bicubic: centre(crop.bicubic, SHOWN_SIDE), sr: centre(sr, SHOWN_SIDE), hr: centre(crop.hr, SHOWN_SIDE) })
    }
  }
  return {
    psnr: mean(perImage.map((p) => p.psnr)),
    ssim: mean(perImage.map((p) => p.ssim)),
    psnrBicubic: mean(perImage.map((p) => p.psnrBicubic)),
    ssimBicubic: mean(perImage.map((p) => p.ssimBicubic)),
    perImage,
    strips: {
      lr: sideBySide(shown.map((s) => s.lr)),
      bicubic: sideBySide(shown.map((s) => s.bicubic)),
      sr: sideBySide(shown.map((s) => s.sr)),
      hr: sideBySide(shown.map((s) => s.hr)),
    },
  }
}
