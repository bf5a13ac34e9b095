/**
 * The classifiers' `predictions` output after a validation: a contact sheet of chosen validation
 * images (an image of the output's series, written through the run's context) and the sample that
 * names each cell's true and predicted class. The image is written first, so the sample never
 * names a sheet the run does not have.
 */
import sharp from 'sharp'
import type { TrainerContext } from '../experiments/contract'
import { PREDICTIONS_OUTPUT } from './classifierMetrics'
import { choosePredictionExamples, contactSheet, SHEET_COLUMNS, SHEET_MAX_CELL } from './predictionSheet'

/** One shown validation image: its test index, classes, and its cell on the sheet (row-major). */
export interface PredictionItemRecord {
  index: number
  label: string
  predicted: string
  cell: number
}

/** What the `predictions` sample holds; `sheet` locates the image (absent in runs from before sheets). */
export interface PredictionsRecord {
  items: PredictionItemRecord[]
  /** Validation images in all, and how many of them were misclassified. */
  total: number
  wrong: number
  sheet: { series: string; step: number; cellSize: number; columns: number }
}

export interface PredictionsInput {
  /** [n, size, size, channels] bytes of the test split, and [n] class indices. */
  images: Uint8Array
  labels: Int32Array
  size: number
  channels: number
  classNames: string[]
  /** [n] predicted class per test image. */
  predicted: Int32Array
  step: number
  epoch: number
}

export async function writePredictionsOutput(ctx: TrainerContext, input: PredictionsInput): Promise<PredictionsRecord> {
  const chosen = choosePredictionExamples(input.labels, input.predicted)
  const cellSize = Math.min(input.size, SHEET_MAX_CELL)
  const sheet = contactSheet(input.images, input.size, input.channels, chosen, cellSize, SHEET_COLUMNS)
  const png = await sharp(Buffer.from(sheet.pixels.buffer, sheet.pixels.byteOffset, sheet.pixels.byteLength), {
    raw: { width: sheet.width, height: sheet.height, channels: input.channels as 1 | 3 },
  })
    .png()
    .toBuffer()
  let wrong = 0
  for (let i = 0; i < input.labels.length; i++) if (input.labels[i] !== input.predicted[i]) wrong++
  ctx.image({
    series: PREDICTIONS_OUTPUT,
    png: new Uint8Array(png),
    caption: `${chosen.length} validation images with their true and predicted class (misclassified ones first chosen)`,
    step: input.step,
    epoch: input.epoch,
  })
  const record: PredictionsRecord = {
    items: chosen.map((index, cell) => ({ index, label: input.classNames[input.labels[index]], predicted: input.classNames[input.predicted[index]], cell })),
    total: input.labels.length,
    wrong,
    sheet: { series: PREDICTIONS_OUTPUT, step: input.step, cellSize, columns: Math.min(SHEET_COLUMNS, Math.max(1, chosen.length)) },
  }
  ctx.reporter.sample(PREDICTIONS_OUTPUT, input.step, record)
  return record
}
