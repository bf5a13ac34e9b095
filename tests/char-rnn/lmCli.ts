/**
 * Runs `lm` as `benchtop lm` will once main.ts lists it: in its own process, on the runs of
 * $BENCHTOP_HOME, usage errors exiting 2 and other failures 1. Used by cli.e2e.test.ts.
 * Usage: tsx tests/char-rnn/lmCli.ts score|sample [options]
 */
import { UsageError } from '../../src/main/cli/args'
import { lm } from '../../src/main/cli/commands/lm'
import type { CliContext } from '../../src/main/cli/context'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { benchtopHome } from '../../src/main/paths'

const ctx = { core: new BenchtopCore({ home: benchtopHome() }), stdout: process.stdout, stderr: process.stderr } satisfies CliContext
try {
  process.exitCode = await lm(ctx, process.argv.slice(2))
} catch (error) {
  process.stderr.write(`benchtop lm: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = error instanceof UsageError ? 2 : 1
}
