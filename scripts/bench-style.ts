/**
 * `npm run bench:style`: the time of one style-transfer step (forward of the generated image
 * through the feature network, content + style losses, gradient to the pixels, Adam update,
 * clamp) next to PyTorch's (../shared/peers/style_torch.py --features mobilenet: MobileNetV3's
 * first 13 blocks, 5 style layers), at the same size with the same number of style layers. The
 * ratio is PyTorch's step time over ours (above 1: ours is faster). One L-BFGS iteration is timed
 * too, for reference (it costs one or more loss evaluations plus its vector work; PyTorch's peer
 * has no L-BFGS twin). Prints JSON lines, then a table. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-style.ts [--size 256] [--steps 5] [--backend NAME]
 */
import type { BackendName } from '../src/shared/api'
import { arg } from '../src/main/bench/args'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { median, round } from '../src/main/bench/stats'
import { checkBackendName, selectBackend } from '../src/main/bench/stepBench'
import { resolveConfig } from '../src/main/experiments/config'
import { styleTransferBenchStep } from '../src/main/experiments/style-transfer/benchStep'
import { splitLayerList } from '../src/main/experiments/style-transfer/layerNames'
import { findExperimentInfo } from '../src/main/experiments/registry'
import type { StyleTransferConfig } from '../src/main/experiments/style-transfer/definition'

function line(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

const size = Number(arg('size') ?? '256')
const steps = Number(arg('steps') ?? '5')
if (!Number.isInteger(size) || size < 32) throw new Error(`--size must be a whole number of at least 32, got '${arg('size')}'`)
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive whole number, got '${arg('steps')}'`)
const styleTransfer = findExperimentInfo('style-transfer')
const force: BackendName | undefined = arg('backend') ? checkBackendName(arg('backend')!) : undefined
const backend = await selectBackend(styleTransfer.requiredKernels, force)

async function ourStepMs(optimizer: 'adam' | 'lbfgs'): Promise<{ ms: number; description: string; styleLayers: number }> {
  const { config } = resolveConfig(styleTransfer, 'default', { size, optimizer })
  const bench = styleTransferBenchStep({ config: config as unknown as StyleTransferConfig, seed: 1 })
  try {
    await bench.step() // loads the network, computes the targets, first evaluation
    await bench.step()
    const times: number[] = []
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now()
      await bench.step()
      times.push(performance.now() - t0)
    }
    return { ms: median(times), description: bench.description, styleLayers: splitLayerList(config.styleLayers as string).length }
  } finally {
    bench.dispose()
  }
}

const adam = await ourStepMs('adam')
const peer = runPeer('style_torch.py', ['--size', String(size), '--features', 'mobilenet', '--threads', '2', '--steps', String(steps)])
const theirs = peer.available ? peerNumber(peer, 'step_ms', 'style_torch.py') : null
line({
  bench: 'style-step',
  optimizer: 'adam',
  backend,
  size,
  style_layers: adam.styleLayers,
  model: adam.description,
  step_ms: round(adam.ms, 1),
  pytorch_step_ms: theirs,
  speed_ratio_to_pytorch: theirs === null ? null : round(theirs / adam.ms, 2),
  ...(peer.available ? { pytorch_version: peer.version, pytorch_threads: peer.threads } : { pytorch: peer }),
})
const lbfgs = await ourStepMs('lbfgs')
line({ bench: 'style-step', optimizer: 'lbfgs', backend, size, style_layers: lbfgs.styleLayers, step_ms: round(lbfgs.ms, 1) })

console.log(`\nstyle-transfer step at ${size}x${size} px, ${adam.styleLayers} style layers, ${backend} vs PyTorch (ratio: PyTorch's time / ours; noisy: a shared machine):`)
console.log(`${'step'.padEnd(14)}${'ours ms'.padStart(10)}${'pytorch ms'.padStart(12)}${'ratio'.padStart(8)}`)
console.log(`${'adam'.padEnd(14)}${adam.ms.toFixed(0).padStart(10)}${(theirs === null ? '-' : theirs.toFixed(0)).padStart(12)}${(theirs === null ? '-' : (theirs / adam.ms).toFixed(2)).padStart(8)}`)
console.log(`${'lbfgs'.padEnd(14)}${lbfgs.ms.toFixed(0).padStart(10)}${'-'.padStart(12)}${'-'.padStart(8)}`)
