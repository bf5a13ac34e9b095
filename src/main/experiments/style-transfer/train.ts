/**
 * The style-transfer trainer inside the training process: the run's outputs go to the reporter
 * (metrics, progress, log) and its images to `artifacts/images/<series>-<step>.png` with one line
 * each in `artifacts/images/index.jsonl` (also announced as an `images` sample).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Trainer } from '../trainer'
import type { StyleTransferConfig } from './definition'
import { prepare, runStyleTransfer } from './run'

export const trainStyleTransfer: Trainer = async (job, ctx) => {
  const config = job.config as unknown as StyleTransferConfig
  const prepared = await prepare(config)
  const imagesDir = path.join(ctx.artifactsDir, 'images')
  mkdirSync(imagesDir, { recursive: true })
  return runStyleTransfer(config, job.seed, prepared, {
    metric: (name, step, value) => ctx.reporter.metric(name, step, 0, value),
    progress: (step, total) => ctx.reporter.progress(step, 0, total, 1),
    image: (series, step, png, caption) => {
      const file = `${series}-${String(step).padStart(8, '0')}.png`
      writeFileSync(path.join(imagesDir, file), png)
      const record = { file, series, caption, step, epoch: 0, time: Date.now() }
      appendFileSync(path.join(imagesDir, 'index.jsonl'), JSON.stringify(record) + '\n')
      ctx.reporter.sample('images', step, record)
    },
    log: (line) => ctx.reporter.log(line),
    shouldStop: ctx.shouldStop,
  })
}
