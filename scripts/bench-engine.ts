/**
 * `npm run bench:engine`: the engine's speed beside PyTorch's, in one process, as JSON lines and a
 * summary of the targets (met or missed). Timings on a shared machine are noisy.
 *  - conv2d GFLOP/s, forward and backward, for three ResNet-18 (64 px, batch 16) shapes on native,
 *    wasm (forward only: it has no filter gradient) and cpu (one small shape: its backward is slow),
 *    and PyTorch's (../shared/peers/conv_torch.py) when /usr/bin/python3 can import torch;
 *  - a training step of ResNet-18 (64 and 128 px) and ResNet-50 (128 px), batch 16, the seed's 2-class
 *    layout, on native (or --backend), as the ratio of its time to PyTorch's (resnet_torch.py);
 *  - live tensors and RSS after warm-up and after 200 more training steps (shapes-cnn, char-rnn, and
 *    ResNet-18 at the quick preset's 72 px).
 * Targets: ResNet-18 step (64 and 128 px) at most PyTorch's, ResNet-50 (128 px) at most 1.2x (issue
 * 17); conv2d backward on native at least 200x cpu;
 * tensor count unchanged and RSS within 10% after warm-up (a full GC before each RSS reading).
 *
 * Usage: tsx scripts/bench-engine.ts [--only conv,resnet,memory] [--reps 5] [--steps 3]
 *          [--resnet ResNet18:64,ResNet18:128,ResNet50:128] [--backend native] [--memory-steps 200]
 *          [--memory-warmup 100] [--memory-experiments shapes-cnn,char-rnn,resnet]
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendName } from '../src/shared/api'
import { arg, intArg, listArg } from '../src/main/bench/args'
import { convPeerArgs, CPU_CONV_SHAPE, RESNET18_CONV_SHAPES, timeConv, type ConvShape, type ConvTiming } from '../src/main/bench/convBench'
import { memoryAcrossSteps } from '../src/main/bench/memoryBench'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { median, round } from '../src/main/bench/stats'
import { checkBackendName, openBenchStep, timeSteps } from '../src/main/bench/stepBench'
import { probeBackends } from '../src/main/engine/backends'
import { nativeInfo } from '../src/main/engine/native'

const only = listArg('only', 'conv,resnet,memory')
const reps = intArg('reps', 5)
const steps = intArg('steps', 3)
const memorySteps = intArg('memory-steps', 200)
// RSS settles within about 100 steps (JIT tiers, V8 heap sizing; measured on shapes-cnn: +14% over
// steps 10-110, then under 1% per 100 steps), so the warm-up is 100 steps, not a handful.
const memoryWarmup = intArg('memory-warmup', 100)
const backend = checkBackendName(arg('backend') ?? 'native')

function line(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

interface Target {
  target: string
  value: string
  met: boolean | null
}
const targets: Target[] = []

// Every backend registered and reported once; later sections switch with tf.setBackend.
const reports = await probeBackends({ required: [], all: true })
const usable = new Set(reports.filter((r) => r.ok).map((r) => r.name))
for (const r of reports) line({ bench: 'backend', backend: r.name, available: r.ok, version: r.version, reason: r.ok ? null : r.reason })
if (usable.has('native')) line({ bench: 'native', ...nativeInfo() })

async function use(name: BackendName): Promise<boolean> {
  if (!usable.has(name)) return false
  const tfName = name.startsWith('tensorflow') ? 'tensorflow' : name
  return (await tf.setBackend(tfName)) && (await tf.ready(), true)
}

async function benchConv(): Promise<void> {
  const timed = async (shape: ConvShape, name: BackendName, backward: boolean, r: number, warmup: number): Promise<ConvTiming | null> => {
    if (!(await use(name))) {
      line({ bench: 'conv2d', shape: shape.name, backend: name, available: false })
      return null
    }
    const t = timeConv(shape, { backward, reps: r, warmup })
    line({ bench: 'conv2d', shape: shape.name, backend: name, fwd_gflops: t.fwdGflops, bwd_gflops: t.bwdGflops, fwd_ms: t.fwdMs, input_grad_ms: t.inputGradMs, filter_grad_ms: t.filterGradMs })
    return t
  }
  for (const shape of RESNET18_CONV_SHAPES) {
    await timed(shape, 'native', true, reps, 1)
    await timed(shape, 'wasm', false, reps, 1)
    // The peer's own `shape` (its arguments, the same shape) gives way to the shape's name.
    const { shape: _peerArgs, ...peerFields } = runPeer('conv_torch.py', [...convPeerArgs(shape), '--reps', String(reps)]) as Record<string, unknown>
    line({ bench: 'conv2d', shape: shape.name, backend: 'pytorch', ...peerFields })
  }
  // The plain-JS backward takes seconds: one shape, one timed run, no warm-up; native beside it.
  const native = await timed(CPU_CONV_SHAPE, 'native', true, reps, 1)
  const cpu = await timed(CPU_CONV_SHAPE, 'cpu', true, 1, 0)
  const ratio = native?.bwdGflops && cpu?.bwdGflops ? native.bwdGflops / cpu.bwdGflops : null
  targets.push({
    target: `conv2d backward on native at least 200x the cpu backend (${CPU_CONV_SHAPE.name})`,
    value: ratio === null ? 'not measured (native or cpu unavailable)' : `${round(ratio, 1)}x (${native!.bwdGflops} vs ${cpu!.bwdGflops} GFLOP/s)`,
    met: ratio === null ? null : ratio >= 200,
  })
}

async function benchResNet(): Promise<void> {
  for (const c of listArg('resnet', 'ResNet18:64,ResNet18:128,ResNet50:128')) {
    const [model, sizeText] = c.split(':')
    const size = Number(sizeText)
    const opened = await openBenchStep({ experiment: 'resnet', overrides: { model, size, batch: 16, classes: 2, shortcut: true }, backend })
    let stepMs: number
    try {
      stepMs = median(await timeSteps(opened.bench, steps))
    } finally {
      opened.bench.dispose()
    }
    const peer = runPeer('resnet_torch.py', ['--model', model, '--size', String(size), '--batch', '16', '--steps', String(steps)])
    const peerMs = peer.available ? peerNumber(peer, 'step_ms', 'resnet_torch.py') : null
    const ratio = peerMs === null ? null : stepMs / peerMs
    line({ bench: 'resnet-step', model, size, batch: 16, backend: opened.backend, steps, step_ms: round(stepMs), pytorch_step_ms: peerMs, ratio_to_pytorch: ratio === null ? null : round(ratio, 2), ...(peer.available ? {} : { pytorch: peer }) })
    const limit = model === 'ResNet50' ? 1.2 : 1.0
    targets.push({
      target: `${model} training step (${size} px, batch 16, ${opened.backend}) at most ${limit}x PyTorch's`,
      value: ratio === null ? `not measured: ${peer.available ? '' : peer.reason}` : `${round(ratio, 2)}x (${round(stepMs)} ms vs ${peerMs} ms)`,
      met: ratio === null ? null : ratio <= limit,
    })
  }
}

async function benchMemory(): Promise<void> {
  for (const experiment of listArg('memory-experiments', 'shapes-cnn,char-rnn,resnet')) {
    const opened = await openBenchStep({ experiment, backend })
    try {
      const m = await memoryAcrossSteps(opened.bench, { warmup: memoryWarmup, steps: memorySteps })
      line({ bench: 'memory', experiment, backend: opened.backend, warmup_steps: memoryWarmup, ...m })
      // A leak shows as growth; RSS that shrinks (memory returned to the system) meets the target.
      const met = m.tensorsAfter === m.tensorsBefore && m.rssChangePct <= 10
      targets.push({
        target: `${experiment}: tensor count unchanged and RSS grown by at most 10% over ${memorySteps} training steps after ${memoryWarmup} warm-up steps`,
        value: `tensors ${m.tensorsBefore} -> ${m.tensorsAfter}, RSS ${m.rssBeforeMb} -> ${m.rssAfterMb} MiB (${m.rssChangePct}%)`,
        met,
      })
    } finally {
      opened.bench.dispose()
    }
  }
}

// Memory first: garbage left by the larger sections would blur its RSS readings.
if (only.includes('memory')) await benchMemory()
if (only.includes('conv')) await benchConv()
if (only.includes('resnet')) await benchResNet()

line({ bench: 'summary', targets })
console.log('\nsummary (timings are noisy on a shared machine):')
for (const t of targets) console.log(`  ${t.met === null ? 'NOT MEASURED' : t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${t.value}`)
