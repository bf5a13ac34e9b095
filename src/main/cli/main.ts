/**
 * The `benchtop` command line: the same core as the app, without a window.
 */
import { BenchtopCore } from '../core/benchtopCore'
import { ConfigError } from '../experiments/config'
import { benchtopHome } from '../paths'
import { UsageError } from './args'
import { bench } from './commands/bench'
import { compare } from './commands/compare'
import { datasets } from './commands/datasets'
import { detect } from './commands/detect'
import { doctor } from './commands/doctor'
import { faces, FACES_USAGE } from './commands/faces'
import { cancel, remove, restore, resume } from './commands/lifecycle'
import { lm } from './commands/lm'
import { predict, PREDICT_USAGE } from './commands/predict'
import { run } from './commands/run'
import { runs } from './commands/runs'
import { serve } from './commands/serve'
import { show } from './commands/show'
import { study } from './commands/study'
import { summary } from './commands/summary'
import type { CliContext } from './context'

type Command = (ctx: CliContext, argv: string[]) => Promise<number>

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  doctor: { run: doctor, usage: 'doctor [--json]                      which backends work here, and why the others do not' },
  datasets: { run: datasets, usage: 'datasets [--json] | datasets import PATH [--name NAME]' },
  run: { run, usage: 'run EXPERIMENT [--preset NAME] [--set key=value]... [--data PATH] [--seed N] [--backend NAME] [--name NAME] [--sweep key=v1,v2]... [--parallel N] [--json]' },
  study: { run: study, usage: 'study list [--json] | study show STUDY [--json] | study cancel STUDY   sweeps started with run --sweep' },
  runs: { run: runs, usage: 'runs [--json] [--trash]' },
  show: { run: show, usage: 'show RUN [--json]' },
  summary: { run: summary, usage: 'summary EXPERIMENT [--preset NAME] [--set key=value]... [--json]   the model a configuration builds, without training' },
  bench: { run: bench, usage: 'bench step EXPERIMENT [--preset NAME] [--set key=value]... [--batch N] [--steps N] [--backend NAME] [--profile] [--json]   time training steps on random data' },
  compare: { run: compare, usage: 'compare RUN RUN... [--metric NAME] [--csv FILE] [--json]' },
  detect: { run: detect, usage: 'detect IMAGE... [--score S] [--iou I] [--max N] [--class-agnostic] [--json] [--out DIR] [--backend NAME]' },
  faces: { run: faces, usage: `${FACES_USAGE}   find faces, and which are the same person` },
  lm: { run: lm, usage: 'lm score --run RUN WORD... [--checkpoint NAME] [--json] | lm sample --run RUN [-n 20] [--temperature T] [--top-k K] [--seed N] [--checkpoint NAME] [--json]' },
  predict: { run: predict, usage: `${PREDICT_USAGE}   a trained classifier's class probabilities` },
  resume: { run: resume, usage: 'resume RUN [--json]                   continue from the last checkpoint' },
  cancel: { run: cancel, usage: 'cancel RUN' },
  delete: { run: remove, usage: 'delete RUN                            move a run to the trash' },
  restore: { run: restore, usage: 'restore RUN                           bring a run back from the trash' },
  serve: { run: serve, usage: 'serve [--port N] [--no-build]         the app in a browser, on 127.0.0.1 only' },
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
  try {
    const core = new BenchtopCore({ home: benchtopHome() })
    return await command.run({ core, ...streams }, rest)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    streams.stderr.write(`benchtop ${name}: ${message}\n`)
    if (error instanceof UsageError) streams.stderr.write(`usage: benchtop ${command.usage}\n`)
    if (process.env.BENCHTOP_DEBUG && error instanceof Error && !(error instanceof ConfigError)) streams.stderr.write(`${error.stack}\n`)
    return error instanceof UsageError || error instanceof ConfigError ? 2 : 1
  }
}
