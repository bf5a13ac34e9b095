import type { Trainer } from '../contract'
import { prepareWords } from './data'
import { runLmLoop } from './loop'
import type { CharRnnConfig } from './fields'
import { buildCharModel } from './model'
import { loadWordSource } from './wordSource'
import { createAdam } from '../../training/optimizers'

export const trainCharRnn: Trainer<CharRnnConfig> = async (job, ctx) => {
  const c = job.config
  const source = loadWordSource(job.data, { source: c.source, reviews: c.reviews })
  for (const warning of source.warnings) ctx.reporter.log(warning)
  const data = prepareWords(source.words, { seed: job.seed, limit: c.limit, maxLength: c.maxLength })
  ctx.dataset({ id: source.id, fingerprint: data.fingerprint, source: source.source })
  ctx.reporter.log(
    `words: ${source.words.length} read from ${source.source}, ${data.tooLong} longer than ${c.maxLength} letters dropped; ` +
      `${data.train.length} to train on, ${data.val.length} held out`,
  )

  const model = buildCharModel({ kind: c.model, hidden: c.hidden, layers: c.layers, seed: job.seed })
  // PyTorch's Adam epsilon (1e-8), as the seed trains; tfjs would default to 1e-7.
  const optimizer = createAdam(c.lr, 0.9, 0.999, 1e-8)
  ctx.reporter.log(`model: ${c.model}, ${model.layers} x ${model.hidden} units, ${model.countParams()} parameters`)
  try {
    return await runLmLoop({
      model,
      optimizer,
      train: data.trainCodes,
      val: data.valCodes,
      maxLength: c.maxLength,
      epochs: c.epochs,
      batch: c.batch,
      clip: c.clip,
      seed: job.seed,
      ctx,
    })
  } finally {
    model.dispose()
    optimizer.dispose()
  }
}
