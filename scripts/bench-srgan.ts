/**
 * `npm run bench:srgan`: the time of one SRGAN training step (generator update against the
 * frozen discriminator, then the discriminator on real and detached fake images: srgan's own
 * trainStep with its two Adam optimisers) next to PyTorch's (../shared/peers/srgan_torch.py) with
 * the same B, C, HR patch and batch. Without a feature network (`--features none` there,
 * perceptualWeight 0 here) both do exactly the same work; with one, the peer runs MobileNetV3's
 * first blocks and we run the CenterNet MobileNetV3 backbone up to the chosen layer. The ratio
 * is PyTorch's step time over ours (above 1: ours is faster). Also times a pre-training step
 * (generator on the pixel loss alone). Prints JSON lines. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-srgan.ts [--preset quick] [--steps 5] [--features none|mobilenet] [--backend NAME]
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendName } from '../src/shared/api'
import { arg } from '../src/main/bench/args'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { median, round } from '../src/main/bench/stats'
import { checkBackendName, selectBackend } from '../src/main/bench/stepBench'
import { resolveConfig } from '../src/main/experiments/config'
import { findExperimentInfo } from '../src/main/experiments/registry'
import { srganBenchStep } from '../src/main/experiments/srgan/benchStep'
import type { SrganConfig } from '../src/main/experiments/srgan/fields'
import { buildGenerator, SCALE } from '../src/main/experiments/srgan/model'
import { createAdam } from '../src/main/training/optimizers'
import { trainStep } from '../src/main/experiments/srgan/step'

const preset = arg('preset') ?? 'quick'
const steps = Number(arg('steps') ?? '5')
const features = arg('features') ?? 'none'
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive whole number, got '${arg('steps')}'`)
if (features !== 'none' && features !== 'mobilenet') throw new Error(`--features must be none or mobilenet, got '${features}'`)
const info = findExperimentInfo('srgan')
const force: BackendName | undefined = arg('backend') ? checkBackendName(arg('backend')!) : undefined
const backend = await selectBackend(info.requiredKernels, force)
const { config } = resolveConfig(info, preset, features === 'none' ? { perceptualWeight: 0 } : {})
const c = config as unknown as SrganConfig

async function timed(step: () => Promise<void> | void): Promise<number> {
  await step()
  await step()
  const times: number[] = []
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now()
    await step()
    times.push(performance.now() - t0)
  }
  return median(times)
}

const bench = srganBenchStep({ config: c, seed: 1 })
const oursMs = await timed(() => bench.step())
const description = bench.description
bench.dispose()

// Pre-training: the generator alone on the pixel loss.
const generator = buildGenerator({ blocks: c.blocks, channels: c.channels, seed: 1 })
const optimizer = createAdam(c.lrG)
const hr = tf.randomUniform([c.batch, c.hrPatch, c.hrPatch, 3], 0, 1, 'float32', 1) as tf.Tensor4D
const lr = tf.randomUniform([c.batch, c.hrPatch / SCALE, c.hrPatch / SCALE, 3], 0, 1, 'float32', 2) as tf.Tensor4D
const pretrain = { phase: 'pretrain' as const, adversarialStep: -1, updateGenerator: true, updateDiscriminator: false }
const nets = { generator, discriminator: generator, generatorOptimizer: optimizer, discriminatorOptimizer: optimizer }
const pretrainMs = await timed(() => void trainStep(nets, { hr, lr }, pretrain, { perceptual: 0, adversarial: 0, pixel: 1, pixelLoss: 'mse' }))
generator.dispose()
tf.dispose([hr, lr])

const peer = runPeer('srgan_torch.py', ['--hr', String(c.hrPatch), '--batch', String(c.batch), '--blocks', String(c.blocks), '--channels', String(c.channels), '--features', features, '--threads', '2', '--steps', String(steps)])
const theirs = peer.available ? peerNumber(peer, 'step_ms', 'srgan_torch.py') : null
process.stdout.write(
  JSON.stringify({
    bench: 'srgan-step',
    backend,
    preset,
    blocks: c.blocks,
    channels: c.channels,
    hr: c.hrPatch,
    batch: c.batch,
    features,
    model: description,
    step_ms: round(oursMs, 1),
    pretrain_step_ms: round(pretrainMs, 1),
    pytorch_step_ms: theirs,
    speed_ratio_to_pytorch: theirs === null ? null : round(theirs / oursMs, 2),
    ...(peer.available ? { pytorch_version: peer.version, pytorch_threads: peer.threads } : { pytorch: peer }),
  }) + '\n',
)
