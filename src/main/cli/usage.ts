/**
 * What a command says about itself, declared as data next to the command (`commands/<name>.usage.ts`):
 * its synopsis, options, examples and subcommands. The same declaration is the parser's option
 * list (`parseArgs(argv, X_USAGE.options)`), the `--help` text and the shell completion, so they
 * cannot drift apart. These files import nothing heavy: `benchtop --help` loads them all.
 */
import type { FlagSpec } from './args'

/** What a word completes to in the shell (completion.ts turns these into the script's cases). */
export type CompletionKind = 'experiment' | 'preset' | 'run' | 'backend' | 'file' | 'dir' | 'command' | 'none'

export interface OptionUsage extends FlagSpec {
  /** Placeholder of the value in the help (`NAME`, `key=value`); only for options that take one. */
  arg?: string
  help: string
  /** What the value completes to; files when not said. */
  complete?: CompletionKind
  /** A one-letter spelling (`-n`), when the command accepts one. */
  short?: string
}

export interface CommandUsage {
  name: string
  /** One line: what the command does. */
  summary: string
  /** Forms of the command line, without `benchtop ` (the first is repeated under a usage error). */
  synopsis: string[]
  /** What the command's operands (words that are not options) complete to. */
  operands?: CompletionKind
  /** The options the parser accepts, in the order its "valid options" message lists them. */
  options: Record<string, OptionUsage>
  /** `benchtop ...` command lines and what each does. */
  examples: Array<[string, string]>
  /** Paragraphs printed after the options. */
  details?: string[]
  subcommands?: CommandUsage[]
}

/** The same options, for a subcommand that shares its command's parser. */
export function pickOptions(options: Record<string, OptionUsage>, names: readonly string[]): Record<string, OptionUsage> {
  return Object.fromEntries(names.map((n) => [n, options[n]]))
}

function optionLabel(name: string, o: OptionUsage): string {
  const value = o.value ? ` ${o.arg ?? 'VALUE'}` : ''
  if (o.short === name) return `-${name}${value}`
  return o.short ? `-${o.short}, --${name}${value}` : `--${name}${value}`
}

/** The full help of a command or subcommand (`prefix` is `benchtop lm` for `lm score`). */
export function formatHelp(usage: CommandUsage, prefix = 'benchtop'): string {
  const lines: string[] = [`${prefix} ${usage.name}: ${usage.summary}`, '', 'Usage:']
  const base = prefix === 'benchtop' ? 'benchtop' : prefix.slice(0, prefix.lastIndexOf(' '))
  for (const s of usage.synopsis) lines.push(`  ${base} ${s}`)
  if (usage.subcommands?.length) {
    lines.push('', 'Subcommands:')
    const width = Math.max(...usage.subcommands.map((s) => s.name.length))
    for (const s of usage.subcommands) lines.push(`  ${s.name.padEnd(width)}   ${s.summary}`)
  }
  const options = Object.entries(usage.options)
  lines.push('', 'Options:')
  const labels = options.map(([name, o]) => optionLabel(name, o))
  const width = Math.max('-h, --help'.length, ...labels.map((l) => l.length))
  options.forEach(([, o], i) => lines.push(`  ${labels[i].padEnd(width)}   ${o.help}${o.repeat ? ' (may be repeated)' : ''}`))
  lines.push(`  ${'-h, --help'.padEnd(width)}   this help`)
  for (const paragraph of usage.details ?? []) lines.push('', paragraph)
  if (usage.examples.length) {
    lines.push('', 'Examples:')
    for (const [command, what] of usage.examples) lines.push(`  ${command}`, `      ${what}`)
  }
  if (usage.subcommands?.length) lines.push('', `Each subcommand has its own help: ${prefix} ${usage.name} SUBCOMMAND --help`)
  return lines.join('\n')
}

/** True when the words ask for help: `--help` or `-h` anywhere before a `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false
    if (arg === '--help' || arg === '-h') return true
  }
  return false
}

/** The usage a command line names: `lm score ...` finds lm's subcommand `score`, else lm itself. */
export function findUsage(usage: CommandUsage, argv: readonly string[]): { usage: CommandUsage; prefix: string } {
  const sub = usage.subcommands?.find((s) => s.name === argv.find((a) => !a.startsWith('-')))
  return sub ? { usage: sub, prefix: `benchtop ${usage.name}` } : { usage, prefix: 'benchtop' }
}
