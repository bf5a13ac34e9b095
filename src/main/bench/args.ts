/**
 * The `--name value` options of the `npm run bench:*` scripts. `argv` defaults to the process's
 * own; a bad value throws an error naming the option.
 */

/** The value after `--name`, if given. */
export function arg(name: string, argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}

/** `--name N`: a whole number of at least 1, else `fallback`. */
export function intArg(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const text = arg(name, argv)
  const n = Number(text ?? fallback)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, got '${text}'`)
  return n
}

/** `--name a,b,c` (else `fallback`, written the same way): the items, trimmed, empty ones left out. */
export function listArg(name: string, fallback: string, argv: readonly string[] = process.argv): string[] {
  return (arg(name, argv) ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
