/**
 * `upscaleImage` for the core: an SR run's generator, loaded on the first call (TensorFlow.js and
 * sharp load then, not when the core starts) and kept per (run, checkpoint) for the next images.
 * The inference itself is the experiment's (experiments/srgan/upscaleRun.ts, upscaleImage.ts).
 */
import type { DetectImage, UpscaleImageResult } from '../../shared/api'
import type { Upscaler } from '../experiments/srgan/upscaleRun'

/** Generators kept at once: a few MB each; the oldest goes first. */
const KEEP = 2

export class UpscaleService {
  private readonly upscalers = new Map<string, Promise<Upscaler>>()
  /** One image at a time: the backend is shared, and memory stays flat. */
  private queue: Promise<unknown> = Promise.resolve()

  upscaleImage(runDir: string, image: DetectImage, checkpoint?: string): Promise<UpscaleImageResult> {
    const job = this.queue.then(() => this.run(runDir, image, checkpoint))
    this.queue = job.catch(() => undefined)
    return job
  }

  private async run(runDir: string, image: DetectImage, checkpoint?: string): Promise<UpscaleImageResult> {
    const upscaler = await this.upscaler(runDir, checkpoint)
    const { upscaleImage } = await import('../experiments/srgan/upscaleImage')
    const comma = image.dataBase64.startsWith('data:') ? image.dataBase64.indexOf(',') : -1
    const bytes = new Uint8Array(Buffer.from(comma >= 0 ? image.dataBase64.slice(comma + 1) : image.dataBase64, 'base64'))
    let result
    try {
      result = await upscaleImage(upscaler, bytes, { bicubic: true })
    } catch (error) {
      throw new Error(`${image.name}: ${(error as Error).message}`)
    }
    return {
      runId: upscaler.runId,
      checkpoint: upscaler.checkpoint.name,
      epoch: upscaler.checkpoint.epoch,
      backend: upscaler.backend,
      image: image.name,
      width: result.width,
      height: result.height,
      outWidth: result.outWidth,
      outHeight: result.outHeight,
      alpha: result.hasAlpha,
      srBase64: result.png.toString('base64'),
      bicubicBase64: result.bicubicPng!.toString('base64'),
    }
  }

  private upscaler(runDir: string, checkpoint?: string): Promise<Upscaler> {
    const key = `${runDir}\n${checkpoint ?? ''}`
    let found = this.upscalers.get(key)
    if (!found) {
      found = import('../experiments/srgan/upscaleRun').then((m) => m.loadUpscaler(runDir, checkpoint))
      found.catch(() => this.upscalers.delete(key))
      this.upscalers.set(key, found)
      while (this.upscalers.size > KEEP) this.drop(this.upscalers.keys().next().value!)
    }
    return found
  }

  private drop(key: string): void {
    const upscaler = this.upscalers.get(key)
    this.upscalers.delete(key)
    void upscaler?.then((u) => u.dispose(), () => undefined)
  }

  /** Frees what is held for a run (it was deleted). */
  forgetRun(runDir: string): void {
    for (const key of [...this.upscalers.keys()]) if (key.startsWith(`${runDir}\n`)) this.drop(key)
  }

  shutdown(): void {
    for (const key of [...this.upscalers.keys()]) this.drop(key)
  }
}
