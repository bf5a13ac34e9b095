/**
 * The style-transfer trainer inside the training process: metrics, progress and log go to the
 * reporter, the content, style and result images to the context's images output
 * (`artifacts/images/<series>-<step>.png`, indexed). No checkpoints: the result images are the run's product.
 */
import type { Trainer } from '../contract'
import type { StyleTransferConfig } from './definition'
import { prepare, runStyleTransfer } from './run'

export const trainStyleTransfer: Trainer<StyleTransferConfig> = async (job, ctx) => {
  const config = job.config
  const prepared = await prepare(config)
  return runStyleTransfer(config, job.seed, prepared, {
    metric: (name, step, value, epoch = 0) => ctx.reporter.metric(name, step, epoch, value),
    progress: (step, total) => ctx.reporter.progress(step, 0, total, 1),
    image: (series, step, png, caption) => ctx.image({ series, png, caption, step, epoch: 0 }),
    log: (line) => ctx.reporter.log(line),
    shouldStop: () => ctx.shouldStop(),
  })
}
