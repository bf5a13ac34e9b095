/**
 * The `benchtop` command line: the same core as the app, without a window.
 */
import { BenchtopCore } from '../core/benchtopCore'
import { ConfigError } from '../experiments/config'
import { benchtopHome } from '../paths'
import { UsageError } from './args'
import path from 'node:path'
import { BENCH_USAGE } from './commands/bench.usage'
import { COMPARE_USAGE } from './commands/compare.usage'
import { DATASETS_USAGE } from './commands/datasets.usage'
import { DETECT_COMMAND } from './commands/detect.usage'
import { DOCTOR_USAGE } from './commands/doctor.usage'
import { FACES_USAGE } from './commands/faces.usage'
import { CANCEL_USAGE, DELETE_USAGE, RESTORE_USAGE, RESUME_USAGE } from './commands/lifecycle.usage'
import { LM_USAGE } from './commands/lm.usage'
import { PREDICT_COMMAND } from './commands/predict.usage'
import { RUN_USAGE } from './commands/run.usage'
import { RUNS_USAGE } from './commands/runs.usage'
import { SERVE_USAGE } from './commands/serve.usage'
import { SHOW_USAGE } from './commands/show.usage'
import { STUDY_USAGE } from './commands/study.usage'
import { SUMMARY_USAGE } from './commands/summary.usage'
import { UPSCALE_USAGE } from './commands/upscale.usage'
import { WORKER_USAGE } from './commands/worker.usage'
import type { CliContext } from './context'
import { findUsage, formatHelp, wantsHelp, type CommandUsage } from './usage'

type Command = (ctx: CliContext, argv: string[]) => Promise<number>

/**
 * Each command's module is imported only when that command runs, so that `benchtop runs` or
 * `--help` does not load TensorFlow.js, sharp or the web server (see scripts/build-cli.mjs). What a
 * command says about itself (help, completion, its parser's options) is in its `.usage.ts` file.
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: CommandUsage }> = {
  doctor: { load: async () => (await import('./commands/doctor')).doctor, usage: DOCTOR_USAGE },
  datasets: { load: async () => (await import('./commands/datasets')).datasets, usage: DATASETS_USAGE },
  run: { load: async () => (await import('./commands/run')).run, usage: RUN_USAGE },
  study: { load: async () => (await import('./commands/study')).study, usage: STUDY_USAGE },
  runs: { load: async () => (await import('./commands/runs')).runs, usage: RUNS_USAGE },
  show: { load: async () => (await import('./commands/show')).show, usage: SHOW_USAGE },
  summary: { load: async () => (await import('./commands/summary')).summary, usage: SUMMARY_USAGE },
  bench: { load: async () => (await import('./commands/bench')).bench, usage: BENCH_USAGE },
  compare: { load: async () => (await import('./commands/compare')).compare, usage: COMPARE_USAGE },
  detect: { load: async () => (await import('./commands/detect')).detect, usage: DETECT_COMMAND },
  faces: { load: async () => (await import('./commands/faces')).faces, usage: FACES_USAGE },
  lm: { load: async () => (await import('./commands/lm')).lm, usage: LM_USAGE },
  predict: { load: async () => (await import('./commands/predict')).predict, usage: PREDICT_COMMAND },
  resume: { load: async () => (await import('./commands/lifecycle')).resume, usage: RESUME_USAGE },
  cancel: { load: async () => (await import('./commands/lifecycle')).cancel, usage: CANCEL_USAGE },
  delete: { load: async () => (await import('./commands/lifecycle')).remove, usage: DELETE_USAGE },
  restore: { load: async () => (await import('./commands/lifecycle')).restore, usage: RESTORE_USAGE },
  serve: { load: async () => (await import('./commands/serve')).serve, usage: SERVE_USAGE },
  upscale: { load: async () => (await import('./commands/upscale')).upscale, usage: UPSCALE_USAGE },
  worker: { load: async () => (await import('./commands/worker')).worker, usage: WORKER_USAGE },
}

/** Commands that need no core: help about the others, and the shell completion. */
const HELP_USAGE: CommandUsage = {
  name: 'help',
  summary: "a command's usage, options and examples",
  synopsis: ['help [COMMAND [SUBCOMMAND]]'],
  operands: 'command',
  options: {},
  examples: [
    ['benchtop help run', 'the same as benchtop run --help'],
    ['benchtop help lm sample', "lm sample's options"],
  ],
}

const COMPLETION_USAGE: CommandUsage = {
  name: 'completion',
  summary: 'a shell completion script for bash or zsh',
  synopsis: ['completion bash|zsh'],
  operands: 'none',
  options: {},
  details: ['The script completes commands, subcommands, options, experiment ids, presets, backends and run ids (those by asking benchtop).'],
  examples: [
    ['eval "$(benchtop completion bash)"', 'completion in this bash; add the line to ~/.bashrc to keep it'],
    ['benchtop completion zsh > "${fpath[1]}/_benchtop"', 'install it for zsh (or eval it in ~/.zshrc after compinit)'],
  ],
}

function allUsages(): CommandUsage[] {
  return [...Object.values(COMMANDS).map((c) => c.usage), HELP_USAGE, COMPLETION_USAGE]
}

export function usage(): string {
  const all = allUsages()
  const width = Math.max(...all.map((u) => u.name.length))
  return [
    'Usage: benchtop COMMAND [options]',
    '',
    'Commands:',
    ...all.map((u) => `  ${u.name.padEnd(width)}   ${u.summary}`),
    '',
    'benchtop COMMAND --help (or -h, or benchtop help COMMAND) shows its options and examples.',
    `Runs and datasets live in $BENCHTOP_HOME (now ${benchtopHome()}).`,
  ].join('\n')
}

/** `help`, `--help` of any command, `completion` and the hidden `__complete`: no core, no training. */
async function answerWithoutCore(name: string, rest: string[], streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number | null> {
  const usages = allUsages()
  const find = (n: string | undefined) => usages.find((u) => u.name === n)
  if (name === 'help' && !wantsHelp(rest)) {
    if (rest.length === 0) {
      streams.stdout.write(usage() + '\n')
      return 0
    }
    const known = find(rest[0])
    if (!known) {
      streams.stderr.write(`benchtop help: unknown command '${rest[0]}'; commands: ${usages.map((u) => u.name).join(', ')}\n`)
      return 2
    }
    const { usage: which, prefix } = findUsage(known, rest.slice(1))
    streams.stdout.write(formatHelp(which, prefix) + '\n')
    return 0
  }
  const known = find(name)
  if (known && wantsHelp(rest)) {
    const { usage: which, prefix } = findUsage(known, rest)
    streams.stdout.write(formatHelp(which, prefix) + '\n')
    return 0
  }
  if (name === 'completion') {
    const [shell, ...extra] = rest
    if (!shell || extra.length || (shell !== 'bash' && shell !== 'zsh')) {
      streams.stderr.write(`benchtop completion: ${shell ? (extra.length ? `unexpected argument '${extra[0]}'` : `unknown shell '${shell}'; shells: bash, zsh`) : 'completion needs a shell: bash or zsh'}\n`)
      streams.stderr.write(`usage: benchtop ${COMPLETION_USAGE.synopsis[0]}\n`)
      return 2
    }
    const { completionScript } = await import('./completion')
    const { EXPERIMENTS } = await import('../experiments/registry')
    const presets = [...new Set(EXPERIMENTS.flatMap((e) => e.presets.map((p: { name: string }) => p.name)))]
    streams.stdout.write(completionScript(shell, { commands: usages, experiments: EXPERIMENTS.map((e) => e.id), presets }))
    return 0
  }
  if (name === '__complete') {
    // Words for the shell's completion (one a line); never an error message in the way.
    if (rest[0] === 'runs') {
      const { folderNames } = await import('../store/runFolders')
      streams.stdout.write(folderNames(path.join(benchtopHome(), 'runs')).sort().reverse().map((id) => `${id}\n`).join(''))
    }
    return 0
  }
  return null
}

export async function main(argv: string[], streams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    streams.stdout.write(usage() + '\n')
    return name ? 0 : 2
  }
  const answered = await answerWithoutCore(name, rest, streams)
  if (answered !== null) return answered
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
    if (error instanceof UsageError) {
      const { usage: which } = findUsage(command.usage, rest)
      streams.stderr.write(`usage: benchtop ${which.synopsis[0]}\n(benchtop ${name} --help shows every option, with examples)\n`)
    }
    if (process.env.BENCHTOP_DEBUG && error instanceof Error && !(error instanceof ConfigError)) streams.stderr.write(`${error.stack}\n`)
    return error instanceof UsageError || error instanceof ConfigError ? 2 : 1
  } finally {
    // Queued runs go on training on their workers; only the connections close.
    await core?.closeQueues()
  }
}
