/**
 * The PyTorch peers (../shared/peers/*.py, run with /usr/bin/python3): whether they can run here,
 * running one, and reading the one JSON line each prints. When Python or torch is missing, or a
 * peer fails, the answer is {"peer":"pytorch","available":false,"reason":...} and the bench goes on.
 *
 * BENCHTOP_PYTHON and BENCHTOP_PEERS override the interpreter and the peers' folder.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { appRoot } from '../paths'

export interface PeerUnavailable {
  peer: 'pytorch'
  available: false
  reason: string
}

/** A peer's own JSON line, with `available: true` added. */
export type PeerReport = { peer: 'pytorch'; available: true } & Record<string, unknown>

export type PeerResult = PeerReport | PeerUnavailable

export function peerSetup(env: NodeJS.ProcessEnv = process.env): { python: string; dir: string } {
  return {
    python: env.BENCHTOP_PYTHON?.trim() || '/usr/bin/python3',
    dir: env.BENCHTOP_PEERS?.trim() || path.resolve(appRoot(), '..', 'shared', 'peers'),
  }
}

export function unavailable(reason: string): PeerUnavailable {
  return { peer: 'pytorch', available: false, reason }
}

/**
 * The peer's report: the last line of `stdout` that is a JSON object with "peer": "pytorch".
 * Other lines (warnings) are skipped; without such a line the error says what was printed.
 */
export function parsePeerOutput(stdout: string, what: string): PeerReport {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith('{')) continue
    let value: unknown
    try {
      value = JSON.parse(lines[i])
    } catch {
      continue
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && (value as { peer?: unknown }).peer === 'pytorch') {
      return { ...(value as Record<string, unknown>), peer: 'pytorch', available: true }
    }
  }
  const shown = stdout.trim() ? `'${stdout.trim().slice(-200)}'` : 'nothing'
  throw new Error(`${what} printed no {"peer": "pytorch", ...} line; it printed ${shown}`)
}

/** A number field of a peer's report, or an error naming the peer and the field. */
export function peerNumber(report: PeerReport, field: string, what: string): number {
  const value = report[field]
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what}: field '${field}' is ${JSON.stringify(value)}, not a number`)
  return value
}

/** The last line of a failed Python's stderr: usually the exception. */
function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).at(-1) ?? ''
}

let torchCheck: PeerUnavailable | { available: true; version: string } | null = null

/** Whether the interpreter can import torch (asked once per process). */
export function pytorchStatus(): PeerUnavailable | { available: true; version: string } {
  if (torchCheck) return torchCheck
  const { python } = peerSetup()
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 })
  if (r.error) torchCheck = unavailable(`${python} cannot be run: ${r.error.message}`)
  else if (r.status !== 0) torchCheck = unavailable(`${python} cannot import torch: ${lastLine(r.stderr) || `exit code ${r.status}`}`)
  else torchCheck = { available: true, version: r.stdout.trim() }
  return torchCheck
}

/**
 * Runs peer `script` (a file name in the peers' folder, or in `inDir`: a peer kept in this
 * repository) with `args`; never throws.
 */
export function runPeer(script: string, args: readonly string[], timeoutMs = 600_000, inDir?: string): PeerResult {
  const status = pytorchStatus()
  if (!status.available) return status
  const { python } = peerSetup()
  const dir = inDir ?? peerSetup().dir
  const file = path.join(dir, script)
  if (!existsSync(file)) return unavailable(`${file} is missing (set BENCHTOP_PEERS to the peers' folder)`)
  const what = `${script} ${args.join(' ')}`
  const r = spawnSync(python, [file, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 })
  if (r.error) return unavailable(`${what}: ${r.error.message}`)
  if (r.signal) return unavailable(`${what}: ended by ${r.signal}${r.signal === 'SIGTERM' ? ` after ${timeoutMs / 1000} s` : ''}`)
  if (r.status !== 0) return unavailable(`${what}: exit code ${r.status}: ${lastLine(r.stderr)}`)
  try {
    return parsePeerOutput(r.stdout, what)
  } catch (error) {
    return unavailable((error as Error).message)
  }
}
