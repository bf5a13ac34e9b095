/**
 * `npm run bench:yolo`: the yolo experiment's training step (model, YOLO loss and Adam of its
 * trainer, from its bench step) at the quick preset's size, grid, anchors, width and batch (read
 * from the definition at run time), next to the same network and loss in PyTorch
 * (scripts/peers/yolo_torch.py), as the step-time ratio ours / PyTorch's (below 1 is faster).
 * Random data. Prints one JSON line. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-yolo.ts [--steps 5] [--backend NAME] [--preset quick]
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BackendName } from '../src/shared/api'
import { arg, intArg } from '../src/main/bench/args'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { median, round } from '../src/main/bench/stats'
import { checkBackendName, openBenchStep, timeSteps } from '../src/main/bench/stepBench'

const steps = intArg('steps', 5)
const preset = arg('preset') ?? 'quick'
const backend: BackendName | undefined = arg('backend') ? checkBackendName(arg('backend')!) : undefined
const peersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers')

const opened = await openBenchStep({ experiment: 'yolo', preset, backend })
const c = opened.config as Record<string, number>
let stepMs: number
const description = opened.bench.description
try {
  stepMs = median(await timeSteps(opened.bench, steps))
} finally {
  opened.bench.dispose()
}
// The bench step trains on 3 classes (the built-in scenes').
const peer = runPeer(
  'yolo_torch.py',
  ['--size', String(c.size), '--grid', String(c.grid), '--anchors', String(c.anchors), '--classes', '3', '--width', String(c.width), '--batch', String(c.batch), '--lr', String(c.lr), '--steps', String(steps)],
  600_000,
  peersDir,
)
const theirs = peer.available ? peerNumber(peer, 'step_ms', 'yolo_torch.py') : null
process.stdout.write(
  JSON.stringify({
    bench: 'yolo-train-step',
    preset,
    model: description,
    size: c.size,
    grid: c.grid,
    anchors: c.anchors,
    width: c.width,
    batch: c.batch,
    backend: opened.backend,
    steps,
    step_ms: round(stepMs),
    img_per_s: round(c.batch / (stepMs / 1000), 2),
    pytorch_step_ms: theirs,
    ratio_to_pytorch: theirs === null ? null : round(stepMs / theirs, 2),
    ...(peer.available ? { pytorch_threads: peer.threads, pytorch_params: peer.params } : { pytorch: peer }),
    note: 'step-time ratio ours / PyTorch (below 1: faster); noisy on a shared machine',
  }) + '\n',
)
