/**
 * `benchtop lm score|sample`: the language model of a char-rnn run, from one of its checkpoints.
 * TensorFlow.js is imported only when the command runs, so other commands start without it.
 */
import { flagInt, flagString, parseArgs, UsageError, type ParsedArgs } from '../args'
import { printJson, type CliContext } from '../context'
import { table } from '../format'
import { LM_USAGE } from './lm.usage'

const USAGE = {
  score: 'lm score --run RUN WORD... [--checkpoint NAME] [--json]',
  sample: 'lm sample --run RUN [-n 20] [--temperature T] [--top-k K] [--seed N] [--checkpoint NAME] [--json]',
}

/** The parser knows `--long` flags only; `-n 5` is `--n 5`. */
function expandShortFlags(argv: string[]): string[] {
  return argv.map((arg) => (arg === '-n' ? '--n' : arg.startsWith('-n=') ? `--n=${arg.slice(3)}` : arg))
}

function flagNumber(args: ParsedArgs, name: string): number | undefined {
  const v = flagString(args, name)
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${v}'`)
  return n
}

async function open(ctx: CliContext, args: ParsedArgs) {
  const query = flagString(args, 'run')
  if (!query) throw new UsageError('lm needs --run RUN: the id, the start of an id, or the name of a language-model run (capability score-words)')
  const runDir = ctx.core.store.runDir(ctx.core.store.resolveRunId(query))
  const lm = await import('../../lm')
  const tf = await import('@tensorflow/tfjs-core')
  // No "use tfjs-node" banner on stderr: the output is the command's.
  tf.enableProdMode()
  return { lm, model: await lm.loadLanguageModel(runDir, flagString(args, 'checkpoint')) }
}

/** Rethrows a bad word or option as a usage error (exit status 2). */
function asUsage<T>(run: () => T, isInputError: (e: unknown) => boolean): T {
  try {
    return run()
  } catch (error) {
    if (isInputError(error)) throw new UsageError((error as Error).message)
    throw error
  }
}

async function score(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, LM_USAGE.subcommands![0].options)
  if (args.positional.length === 0) throw new UsageError(`lm score needs words to score: benchtop ${USAGE.score}`)
  const { lm, model } = await open(ctx, args)
  try {
    const scores = asUsage(() => lm.scoreWords(model, args.positional, model.maxLength), (e) => e instanceof lm.LmInputError)
    if (args.flags.json) {
      printJson(ctx, Object.fromEntries(scores.map((s) => [s.word, s.p])))
      return 0
    }
    ctx.stderr.write(`run ${model.runId}, checkpoint ${model.checkpoint.name} (${model.config.model}, epoch ${model.checkpoint.epoch})\n`)
    const rows = scores.map((s) => [s.word, s.p.toExponential(3), s.logp.toFixed(3)])
    ctx.stdout.write(table(['word', 'probability', 'log-probability'], rows) + '\n')
    return 0
  } finally {
    model.dispose()
  }
}

async function sample(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(expandShortFlags(argv), LM_USAGE.subcommands![1].options)
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`)
  const seed = flagInt(args, 'seed') ?? Math.floor(Math.random() * 2 ** 31)
  const options = { count: flagInt(args, 'n') ?? 20, temperature: flagNumber(args, 'temperature'), topK: flagInt(args, 'top-k'), seed }
  const { lm, model } = await open(ctx, args)
  try {
    const words = asUsage(() => lm.sampleWords(model, options, model.maxLength), (e) => e instanceof lm.LmInputError)
    if (args.flags.json) {
      printJson(ctx, words.map((w) => w.word))
      return 0
    }
    ctx.stderr.write(`run ${model.runId}, checkpoint ${model.checkpoint.name}, seed ${seed}\n`)
    for (const w of words) ctx.stdout.write(`${w.word || '(empty: a space came first)'}\n`)
    return 0
  } finally {
    model.dispose()
  }
}

export async function lm(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'score') return score(ctx, rest)
  if (sub === 'sample') return sample(ctx, rest)
  throw new UsageError(`lm needs a subcommand: benchtop ${USAGE.score} | benchtop ${USAGE.sample}`)
}
