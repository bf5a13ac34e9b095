/**
 * `benchtop predict RUN IMAGE... [--checkpoint NAME] [--top K] [--json]`: a trained shapes-cnn or
 * resnet run's class probabilities for image files, resized as its training resized its images.
 * Runs in this process. A file that cannot be read or decoded gets an error entry (and exit
 * code 1 at the end); the other images are still classified.
 *
 * TensorFlow.js and sharp are imported only when the command runs, as in detect.ts.
 */
import { readFile } from 'node:fs/promises'
import type { ImagePrediction, PredictionResult } from '../../../shared/prediction'
import { flagInt, flagString, parseArgs, UsageError } from '../args'
import { printJson, type CliContext } from '../context'
import { table } from '../format'
import { PREDICT_COMMAND } from './predict.usage'

function writeText(ctx: CliContext, prediction: ImagePrediction, top: number): void {
  if ('error' in prediction) {
    ctx.stderr.write(`${prediction.file}: ${prediction.error}\n`)
    return
  }
  ctx.stdout.write(`${prediction.file}  ${prediction.top}\n`)
  const rows = prediction.probabilities.slice(0, top).map((c) => [c.class, c.p.toFixed(4), '#'.repeat(Math.round(c.p * 30))])
  ctx.stdout.write(table(['class', 'p', ''], rows).replace(/^/gm, '  ') + '\n\n')
}

export async function predict(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, PREDICT_COMMAND.options)
  const [query, ...images] = args.positional
  if (!query) throw new UsageError('predict needs a run: the id, the start of an id, or the name of a shapes-cnn or resnet run')
  if (images.length === 0) throw new UsageError('predict needs at least one image file after the run')
  const top = flagInt(args, 'top') ?? Infinity
  if (top < 1) throw new UsageError(`--top must be at least 1, got ${top}`)
  const runDir = ctx.core.store.runDir(ctx.core.store.resolveRunId(query))

  const { classifyImages, loadClassifier } = await import('../../predict')
  const classifier = await loadClassifier(runDir, { checkpoint: flagString(args, 'checkpoint'), home: ctx.core.options.home })
  try {
    const { run, checkpoint } = classifier
    if (!args.flags.json) {
      ctx.stderr.write(`run ${run.runId} (${run.experiment}), checkpoint ${checkpoint.name} (epoch ${checkpoint.epoch}) on ${classifier.backend}; images resized to ${run.size}x${run.size}${run.grey ? ', grey' : ''}\n`)
    }
    const inputs = await Promise.all(
      images.map(async (file) => {
        try {
          return { file, bytes: new Uint8Array(await readFile(file)) }
        } catch (error) {
          const e = error as NodeJS.ErrnoException
          return { file, error: e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a folder, not an image file' : `cannot read the file: ${e.message}` }
        }
      }),
    )
    const predictions = await classifyImages(classifier, inputs)
    const result: PredictionResult = {
      runId: run.runId,
      checkpoint: checkpoint.name,
      epoch: checkpoint.epoch,
      size: run.size,
      backend: classifier.backend,
      classes: run.classes,
      predictions,
    }
    if (args.flags.json) printJson(ctx, result)
    else for (const p of predictions) writeText(ctx, p, top)
    const failed = predictions.filter((p) => 'error' in p).length
    if (failed > 0) ctx.stderr.write(`benchtop predict: ${failed} of ${predictions.length} image${predictions.length === 1 ? '' : 's'} failed\n`)
    return failed > 0 ? 1 : 0
  } finally {
    classifier.dispose()
  }
}
