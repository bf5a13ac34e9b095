import type { BenchtopCore } from '../core/benchtopCore'

/** What every command gets: the core and the process's output streams (replaceable in tests). */
export interface CliContext {
  core: BenchtopCore
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + '\n')
}
