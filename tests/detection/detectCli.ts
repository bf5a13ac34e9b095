/**
 * Runs `detect` as `benchtop detect` does, in its own process, and can report the process's peak
 * memory (BENCHTOP_REPORT_RSS=1) for the large-image test. Used by cli.test.ts.
 * Usage: tsx tests/detection/detectCli.ts IMAGE... [options]
 */
import { UsageError } from '../../src/main/cli/args'
import type { CliContext } from '../../src/main/cli/context'
import { detect } from '../../src/main/cli/commands/detect'

const ctx = { core: undefined as never, stdout: process.stdout, stderr: process.stderr } satisfies CliContext
try {
  process.exitCode = await detect(ctx, process.argv.slice(2))
} catch (error) {
  process.stderr.write(`benchtop detect: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = error instanceof UsageError ? 2 : 1
}
if (process.env.BENCHTOP_REPORT_RSS) process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\n`)
