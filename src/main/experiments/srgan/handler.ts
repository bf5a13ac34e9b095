/**
 * The `upscale` capability in the inference process: one image made 4x larger by the run's
 * generator (cached per run and checkpoint), with bicubic's 4x for comparison.
 */
import type { DetectImage, UpscaleImageResult } from '../../../shared/api'
import type { InferenceContext, RunInput } from '../../inference/contract'
import { upscaleImage } from './upscaleImage'
import { loadUpscaler, type Upscaler } from './upscaleRun'

export interface UpscaleInput extends RunInput {
  image: DetectImage
  checkpoint?: string
}

export async function upscale(input: UpscaleInput, ctx: InferenceContext): Promise<UpscaleImageResult> {
  const comma = input.image.dataBase64.startsWith('data:') ? input.image.dataBase64.indexOf(',') : -1
  const bytes = new Uint8Array(Buffer.from(comma >= 0 ? input.image.dataBase64.slice(comma + 1) : input.image.dataBase64, 'base64'))
  const models = ctx.models<Upscaler>('upscaler', 2)
  return models.use(`${input.runDir}\0${input.checkpoint ?? ''}`, () => loadUpscaler(input.runDir, input.checkpoint), async (upscaler) => {
    ctx.checkCancelled()
    let result
    try {
      result = await upscaleImage(upscaler, bytes, { bicubic: true })
    } catch (error) {
      throw new Error(`${input.image.name}: ${(error as Error).message}`)
    }
    return {
      runId: upscaler.runId,
      checkpoint: upscaler.checkpoint.name,
      epoch: upscaler.checkpoint.epoch,
      backend: upscaler.backend,
      image: input.image.name,
      width: result.width,
      height: result.height,
      outWidth: result.outWidth,
      outHeight: result.outHeight,
      alpha: result.hasAlpha,
      srBase64: result.png.toString('base64'),
      bicubicBase64: result.bicubicPng!.toString('base64'),
    }
  })
}
