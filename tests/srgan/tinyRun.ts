/** The tiny srgan run srgan.e2e.test.ts and upscale.e2e.test.ts train through the command line. */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { runCliForRunId } from '../helpers/cli'

/**
 * Writes three noisy grey photos (64 to 80 px wide, 64 high) to <home>/photos and trains srgan's
 * tiny preset on them (one validation image, 48 px crops, seed 2). Returns the run's id and the
 * photo folder.
 */
export async function trainTinySrgan(home: string): Promise<{ runId: string; photos: string }> {
  const photos = path.join(home, 'photos')
  mkdirSync(photos)
  for (let k = 0; k < 3; k++) {
    await sharp({ create: { width: 64 + 8 * k, height: 64, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toFile(path.join(photos, `p${k}.png`))
  }
  const runId = await runCliForRunId(['run', 'srgan', '--preset', 'tiny', '--data', photos, '--set', 'validationImages=1', '--set', 'valCrop=48', '--seed', '2', '--json'], home, 600_000)
  return { runId, photos }
}
