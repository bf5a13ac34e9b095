import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { recordSkip } from '../helpers/skip'

/** Debian's python3, where python3-skimage, python3-pil and python3-torch live (the independent references). */
export const PYTHON = '/usr/bin/python3'
/** The PyTorch twins: ../shared/peers beside the checkout, or BENCHTOP_PEERS (as the benchmarks find them). */
export const PEERS = process.env.BENCHTOP_PEERS?.trim() || path.resolve(__dirname, '..', '..', '..', 'shared', 'peers')

/** Why the Python references cannot run here, or null when they can. Under CI=true a missing one is a failure. */
export function pythonMissing(modules: string[]): string | null {
  const why = !existsSync(PYTHON)
    ? `${PYTHON} is missing`
    : spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' }).status !== 0
      ? `${PYTHON} lacks ${modules.join(', ')} (apt-get install python3-skimage python3-torch)`
      : null
  if (why && process.env.CI === 'true') throw new Error(`the reference implementation is missing under CI: ${why}`)
  // Printed above npm test's last line, with the file that skipped.
  if (why) recordSkip(why)
  return why
}

/** Runs a Python snippet that reads JSON on stdin and prints JSON. */
export function runPython<T>(code: string, input: unknown): T {
  const r = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}
