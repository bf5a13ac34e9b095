/**
 * `benchtop completion bash|zsh`: a completion script generated from the commands' usage
 * declarations (usage.ts), so it offers exactly the commands, subcommands and options the parser
 * accepts. Experiment ids, presets and backends are written into the script; run ids are asked of
 * `benchtop __complete runs` when needed (it lists run folders without starting the core).
 *
 * The zsh script loads bash's completion through zsh's own bashcompinit.
 */
import { BACKEND_ORDER } from '../../shared/api'
import type { CompletionKind, CommandUsage, OptionUsage } from './usage'

export interface CompletionData {
  commands: CommandUsage[]
  experiments: string[]
  presets: string[]
}

/** Single-quoted for the shell. */
function quote(words: readonly string[]): string {
  return `'${words.join(' ').replace(/'/g, "'\\''")}'`
}

function optionWords(options: Record<string, OptionUsage>): string[] {
  return [...Object.entries(options).flatMap(([name, o]) => (o.short ? [`-${o.short}`, `--${name}`] : [`--${name}`])), '--help']
}

/** Every command line path (`run`, `lm score`) with its usage. */
function paths(commands: readonly CommandUsage[]): Array<{ key: string; usage: CommandUsage }> {
  return commands.flatMap((c) => [{ key: c.name, usage: c }, ...(c.subcommands ?? []).map((s) => ({ key: `${c.name} ${s.name}`, usage: s }))])
}

/** The bash completion function: `complete -F _benchtop benchtop`. */
export function bashCompletion(data: CompletionData): string {
  const visible = data.commands
  const withSubs = visible.filter((c) => c.subcommands?.length)
  const all = paths(visible)
  const valueCases: string[] = []
  for (const { key, usage } of all) {
    for (const [name, o] of Object.entries(usage.options)) {
      if (!o.value) continue
      const spellings = [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]
      valueCases.push(`    ${spellings.map((s) => `'${key}|${s}'`).join('|')}) kind=${o.complete ?? 'file'} ;;`)
    }
  }
  const optionCases = all.map(({ key, usage }) => `    '${key}') words=${quote(optionWords(usage.options))} ;;`)
  const operandCases = all.filter(({ usage }) => usage.operands).map(({ key, usage }) => `    '${key}') kind=${usage.operands} ;;`)
  const lines = [
    '# bash completion for benchtop: eval "$(benchtop completion bash)" (e.g. in ~/.bashrc)',
    '_benchtop_values() {',
    '  local cur="$2"',
    '  case "$1" in',
    `    experiment) COMPREPLY=($(compgen -W ${quote(data.experiments)} -- "$cur")) ;;`,
    `    preset) COMPREPLY=($(compgen -W ${quote(data.presets)} -- "$cur")) ;;`,
    `    backend) COMPREPLY=($(compgen -W ${quote([...BACKEND_ORDER])} -- "$cur")) ;;`,
    `    command) COMPREPLY=($(compgen -W ${quote(visible.map((c) => c.name))} -- "$cur")) ;;`,
    '    run) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" __complete runs 2>/dev/null)" -- "$cur")) ;;',
    '    dir) COMPREPLY=($(compgen -d -- "$cur")) ;;',
    '    file) COMPREPLY=($(compgen -f -- "$cur")) ;;',
    '    *) COMPREPLY=() ;;',
    '  esac',
    '}',
    '_benchtop() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  local cmd="${COMP_WORDS[1]}" key kind="" words=""',
    '  COMPREPLY=()',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    '    _benchtop_values command "$cur"',
    '    return 0',
    '  fi',
    '  key="$cmd"',
    '  case "$cmd" in',
    ...withSubs.map((c) => `    ${c.name}) words=${quote(c.subcommands!.map((s) => s.name))} ;;`),
    '    help)',
    '      if [ "$COMP_CWORD" -eq 2 ]; then _benchtop_values command "$cur"; return 0; fi',
    '      case "${COMP_WORDS[2]}" in',
    ...withSubs.map((c) => `        ${c.name}) COMPREPLY=($(compgen -W ${quote(c.subcommands!.map((s) => s.name))} -- "$cur")) ;;`),
    '      esac',
    '      return 0 ;;',
    '    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return 0 ;;',
    '  esac',
    '  if [ -n "$words" ]; then',
    '    if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); return 0; fi',
    '    key="$cmd ${COMP_WORDS[2]}"',
    '    words=""',
    '  fi',
    '  case "$key|$prev" in',
    ...valueCases,
    '  esac',
    '  if [ -n "$kind" ]; then _benchtop_values "$kind" "$cur"; return 0; fi',
    '  if [[ "$cur" == -* ]]; then',
    '    case "$key" in',
    ...optionCases,
    '    esac',
    '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '    return 0',
    '  fi',
    '  case "$key" in',
    ...operandCases,
    '  esac',
    '  _benchtop_values "${kind:-file}" "$cur"',
    '  return 0',
    '}',
    'complete -F _benchtop benchtop',
  ]
  return lines.join('\n') + '\n'
}

export function zshCompletion(data: CompletionData): string {
  return [
    '#compdef benchtop',
    '# zsh completion for benchtop: eval "$(benchtop completion zsh)" (e.g. in ~/.zshrc), after compinit',
    'autoload -U +X bashcompinit && bashcompinit',
    bashCompletion(data),
  ].join('\n')
}

export function completionScript(shell: string, data: CompletionData): string {
  if (shell === 'bash') return bashCompletion(data)
  if (shell === 'zsh') return zshCompletion(data)
  throw new Error(`unknown shell '${shell}'; shells: bash, zsh`)
}

export type { CompletionKind }
