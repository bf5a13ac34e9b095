/** The command line's main() called in-process, its output captured. */
import { main } from '../../src/main/cli/main'

/** Runs main(argv) with stdout and stderr collected into strings; returns them with the exit code. */
export async function callMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const streams = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  } as unknown as Parameters<typeof main>[1]
  const code = await main(argv, streams)
  return { code, stdout, stderr }
}
