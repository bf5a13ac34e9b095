/** A small, strict argument parser: unknown flags are errors, not silently ignored. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--seed 3`); otherwise a switch (`--json`). */
  value?: boolean
  /** May be given more than once (`--set a=1 --set b=2`). */
  repeat?: boolean
}

export interface ParsedArgs {
  positional: string[]
  flags: Record<string, string | boolean | string[]>
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positional: string[] = []
  const flags: ParsedArgs['flags'] = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq > 0 ? eq : undefined)
    const flag = spec[name]
    if (!flag) {
      const known = Object.keys(spec).map((k) => `--${k}`)
      throw new UsageError(`unknown option --${name}${known.length ? `; valid options: ${known.join(', ')}` : ''}`)
    }
    if (!flag.value) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`)
      flags[name] = true
      continue
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new UsageError(`--${name} needs a value`)
    if (flag.repeat) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value]
    else flags[name] = value
  }
  return { positional, flags }
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name]
  return typeof v === 'string' ? v : undefined
}

export function flagList(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name]
  return Array.isArray(v) ? v : []
}

export function flagInt(args: ParsedArgs, name: string): number | undefined {
  const v = flagString(args, name)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got '${v}'`)
  return n
}
