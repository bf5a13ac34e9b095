/**
 * The `benchtop` command line: the same core as the app, without a window.
 */
import { BenchtopCore } from '../core/benchtopCore'
import { ConfigError } from '../experiments/config'
import { benchtopHome } from '../paths'
import { UsageError } from './args'
import { PREDICT_USAGE } from './commands/predict'
import type { CliContext } from './context'

type Command = (ctx: CliContext, argv: string[]) => Promise<number>

/**
 * Each command's module is imported only when that command runs, so that `benchtop runs` or
 * `--help` does not load TensorFlow.js, sharp or the web server (see scripts/build-cli.mjs).
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  doctor: { load: async () => (await import('./commands/doctor')).doctor, usage: 'doctor [--json]                      which backends work here, and why the others do not' },
  datasets: { load: async () => (await import('./commands/datasets')).datasets, usage: 'datasets [--json] | datasets import PATH [--name NAME]' },
  run: { load: async () => (await import('./commands/run')).run, usage: 'run EXPERIMENT [--preset NAME] [--set key=value]... [--data PATH] [--seed N] [--backend NAME] [--name NAME] [--sweep key=v1,v2]... [--parallel N] [--queue redis://HOST:PORT [--queue-password-file FILE]] [--json]' },
  study: { load: async () => (await import('./commands/study')).study, usage: 'study list [--json] | study show STUDY [--json] | study cancel STUDY   sweeps started with run --sweep (show and cancel take --queue, --queue-password-file)' },
  runs: { load: async () => (await import('./commands/runs')).runs, usage: 'runs [--json] [--trash] [--empty-trash --yes]' },
  show: { load: async () => (await import('./commands/show')).show, usage: 'show RUN [--json]' },
  summary: { load: async () => (await import('./commands/summary')).summary, usage: 'summary EXPERIMENT [--preset NAME] [--set key=value]... [--json]   the model a configuration builds, without training' },
  bench: { load: async () => (await import('./commands/bench')).bench, usage: 'bench step EXPERIMENT [--preset NAME] [--set key=value]... [--batch N] [--steps N] [--backend NAME] [--profile] [--json]   time training steps on random data' },
  compare: { load: async () => (await import('./commands/compare')).compare, usage: 'compare RUN RUN... [--metric NAME] [--csv FILE] [--json]' },
  detect: { load: async () => (await import('./commands/detect')).detect, usage: 'detect IMAGE... [--score S] [--iou I] [--max N] [--class-agnostic] [--json] [--out DIR] [--backend NAME]' },
  faces: { load: async () => (await import('./commands/faces')).faces, usage: 'faces IMAGE... [--model RUN [--checkpoint C]] [--threshold T] [--json]   find faces, and which are the same person (--model: compare whole images with a triplet run)' },
  lm: { load: async () => (await import('./commands/lm')).lm, usage: 'lm score --run RUN WORD... [--checkpoint NAME] [--json] | lm sample --run RUN [-n 20] [--temperature T] [--top-k K] [--seed N] [--checkpoint NAME] [--json]' },
  predict: { load: async () => (await import('./commands/predict')).predict, usage: `${PREDICT_USAGE}   a trained classifier's class probabilities` },
  resume: { load: async () => (await import('./commands/lifecycle')).resume, usage: 'resume RUN [--backend B] [--json]       continue from the last checkpoint (on another backend with --backend)' },
  cancel: { load: async () => (await import('./commands/lifecycle')).cancel, usage: 'cancel RUN' },
  delete: { load: async () => (await import('./commands/lifecycle')).remove, usage: 'delete RUN                            move a run to the trash' },
  restore: { load: async () => (await import('./commands/lifecycle')).restore, usage: 'restore RUN                           bring a run back from the trash' },
  serve: { load: async () => (await import('./commands/serve')).serve, usage: 'serve [--port N] [--no-build]         the app in a browser, on 127.0.0.1 only' },
  worker: {
    load: async () => (await import('./commands/worker')).worker,
    usage: 'worker --queue redis://HOST:PORT [--queue-password-file FILE] [--concurrency N] [--backend NAME] [--name NAME] [--data-root DIR]... [--lock-ms MS] [--stalled-ms MS]   train runs from a queue',
  },
}

export function usage(): string {
  return [
    'Usage: benchtop COMMAND [options]',
    '',
    ...Object.values(COMMANDS).map((c) => `  benchtop ${c.usage}`),
    '',
    `Runs and datasets live in $BENCHTOP_HOME (now ${benchtopHome()}).`,
  ].join('\n')
}

export async function main(argv: string[], streams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    streams.stdout.write(usage() + '\n')
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    streams.stderr.write(`benchtop: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}\n`)
    return 2
  }
  let core: BenchtopCore | null = null
  try {
    core = new BenchtopCore({ home: benchtopHome() })
    const run = await command.load()
    return await run({ core, ...streams }, rest)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    streams.stderr.write(`benchtop ${name}: ${message}\n`)
    if (error instanceof UsageError) streams.stderr.write(`usage: benchtop ${command.usage}\n`)
    if (process.env.BENCHTOP_DEBUG && error instanceof Error && !(error instanceof ConfigError)) streams.stderr.write(`${error.stack}\n`)
    return error instanceof UsageError || error instanceof ConfigError ? 2 : 1
  } finally {
    // Queued runs go on training on their workers; only the connections close.
    await core?.closeQueues()
  }
}
