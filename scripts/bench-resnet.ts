/**
 * `npm run bench:resnet`: images/s of training each of the four ResNets (ResNet-18/50, shortcuts
 * on and off) at the resnet quick preset's size and batch (read from its definition at run time),
 * next to PyTorch's (../shared/peers/resnet_torch.py, --plain for no shortcuts), as ratios
 * (ours / PyTorch's: above 1 is faster). Random data, the seed's 2-class sigmoid head, as the peer
 * has it. Prints JSON lines, then a table. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-resnet.ts [--steps 3] [--backend NAME] [--models ResNet18,ResNet50] [--size N]
 */
import type { BackendName } from '../src/shared/api'
import { arg, intArg } from '../src/main/bench/args'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { median, round } from '../src/main/bench/stats'
import { checkBackendName, openBenchStep, timeSteps } from '../src/main/bench/stepBench'
import { findExperimentInfo } from '../src/main/experiments/registry'

const resnet = findExperimentInfo('resnet')

function line(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

const quick = resnet.presets.find((p) => p.name === 'quick')
if (!quick) throw new Error("the resnet experiment has no 'quick' preset")
const size = intArg('size', Number(quick.values.size))
const batch = Number(quick.values.batch)
const steps = intArg('steps', 3)
const backend: BackendName | undefined = arg('backend') ? checkBackendName(arg('backend')!) : undefined
const models = (arg('models') ?? 'ResNet18,ResNet50').split(',')

interface Row {
  name: string
  ours: number
  theirs: number | null
}
const rows: Row[] = []
let usedBackend = ''
for (const model of models) {
  for (const shortcut of [true, false]) {
    const opened = await openBenchStep({ experiment: 'resnet', preset: 'quick', overrides: { model, shortcut, size, classes: 2 }, backend })
    usedBackend = opened.backend
    let stepMs: number
    try {
      stepMs = median(await timeSteps(opened.bench, steps))
    } finally {
      opened.bench.dispose()
    }
    const ours = batch / (stepMs / 1000)
    const peer = runPeer('resnet_torch.py', ['--model', model, '--size', String(size), '--batch', String(batch), '--steps', String(steps), ...(shortcut ? [] : ['--plain'])])
    const theirs = peer.available ? peerNumber(peer, 'img_per_s', 'resnet_torch.py') : null
    const name = `${model}${shortcut ? '' : ' plain'}`
    rows.push({ name, ours, theirs })
    line({
      bench: 'resnet-train',
      model,
      shortcut,
      size,
      batch,
      backend: opened.backend,
      steps,
      step_ms: round(stepMs),
      img_per_s: round(ours, 2),
      pytorch_img_per_s: theirs,
      ratio_to_pytorch: theirs === null ? null : round(ours / theirs, 2),
      ...(peer.available ? {} : { pytorch: peer }),
    })
  }
}

console.log(`\nimages/s, training, ${size} px, batch ${batch}, ${usedBackend} vs PyTorch (noisy: a shared 2-core machine):`)
console.log(`${'model'.padEnd(16)}${'ours'.padStart(10)}${'pytorch'.padStart(10)}${'ratio'.padStart(8)}`)
for (const r of rows) {
  const theirs = r.theirs === null ? '-' : r.theirs.toFixed(2)
  const ratio = r.theirs === null ? '-' : (r.ours / r.theirs).toFixed(2)
  console.log(`${r.name.padEnd(16)}${r.ours.toFixed(2).padStart(10)}${theirs.padStart(10)}${ratio.padStart(8)}`)
}
