/**
 * `npm run bench:triplet`: the triplet experiment's quick preset as a user runs it
 * (`benchtop run triplet --preset quick --json` in a fresh $BENCHTOP_HOME, so Fashion-MNIST is
 * decoded from scratch), timed from the command's start: when each epoch's held-out ROC AUC was
 * written, when it first reached 0.9 (the target: within about 5 minutes), and the CPU
 * seconds the command and its training process used (through /usr/bin/time where it exists). The
 * load average is printed beside it: on a shared machine wall time says little without it.
 *
 * Usage: tsx scripts/bench-triplet.ts [--seed 1] [--set key=value]...
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { intArg } from '../src/main/bench/args'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const seed = intArg('seed', 1)
const sets: string[] = []
process.argv.forEach((a, i) => {
  if (a === '--set' && process.argv[i + 1]) sets.push('--set', process.argv[i + 1])
})

const home = mkdtempSync(path.join(os.tmpdir(), 'bench-triplet-'))
const TIME = '/usr/bin/time'
const cli = [path.join(root, 'bin', 'benchtop.mjs'), 'run', 'triplet', '--preset', 'quick', '--seed', String(seed), ...sets, '--json']
const command = existsSync(TIME) ? [TIME, '-f', 'CPU %U %S', process.execPath, ...cli] : [process.execPath, ...cli]
const loadBefore = os.loadavg()
const started = Date.now()
const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, BENCHTOP_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
let stdout = ''
let stderr = ''
child.stdout.on('data', (d) => (stdout += d))
child.stderr.on('data', (d) => (stderr += d))
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)))
const wallS = (Date.now() - started) / 1000
if (code !== 0) {
  process.stderr.write(stderr)
  throw new Error(`benchtop run triplet exited with ${code}`)
}
const result = JSON.parse(stdout) as { runId: string; status: string; dir: string }
const points = readFileSync(path.join(result.dir, 'metrics', 'val_auc.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as { epoch: number; time: number; value: number })
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d
const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr)
const reached = points.find((p) => p.value >= 0.9)
process.stdout.write(
  JSON.stringify({
    bench: 'triplet-quick',
    seed,
    set: sets.filter((_, i) => i % 2 === 1),
    status: result.status,
    wallS: round(wallS),
    cpuS: cpu ? round(Number(cpu[1]) + Number(cpu[2])) : null,
    auc: points.map((p) => ({ epoch: p.epoch, value: round(p.value, 4), atS: round((p.time - started) / 1000) })),
    auc09AtS: reached ? round((reached.time - started) / 1000) : null,
    cores: os.cpus().length,
    loadavg: { before: round(loadBefore[0]), after: round(os.loadavg()[0]) },
    date: new Date().toISOString().slice(0, 10),
  }) + '\n',
)
rmSync(home, { recursive: true, force: true })
