/**
 * A finished srgan run as an upscaler: its generator rebuilt from params.json and loaded from a
 * checkpoint (the generator's weights come first in it), read through the run store. What the
 * `upscale` capability needs, in one place, so any host (the command line, the core) can use it.
 */
import type { CheckpointInfo } from '../../../shared/api'
import { inferenceBackend } from '../../predict/backend'
import { RunStore } from '../../store'
import { loadModelWeights } from '../../training/checkpoint'
import { capabilityNames } from '../contract'
import { findExperiment } from '../registry'
import type { FloatImage } from './bicubic'
import { superResolve } from './infer'
import { buildGenerator } from './model'

export interface Upscaler {
  runId: string
  checkpoint: CheckpointInfo
  backend: string
  /** RGB in [0, 1] -> 4x RGB in [0, 1], tiled. */
  upscale(image: FloatImage): Promise<FloatImage>
  dispose(): void
}

/** Loads `runDir`'s generator at checkpoint `wanted` (a name or an epoch number; default the latest). */
export async function loadUpscaler(runDir: string, wanted?: string): Promise<Upscaler> {
  const { store, id } = RunStore.ofRunDir(runDir)
  const meta = store.readMeta(id)
  if (!capabilityNames(findExperiment(meta.experiment).capabilities).includes('upscale')) throw new Error(`run ${meta.id} is a ${meta.experiment} run, which cannot upscale images`)
  const params = store.readParams(id) as { config: { blocks?: unknown; channels?: unknown; bicubicSkip?: unknown }; seed: number }
  const blocks = Number(params.config.blocks)
  const channels = Number(params.config.channels)
  if (!Number.isInteger(blocks) || !Number.isInteger(channels)) throw new Error(`run ${meta.id}: params.json does not give the generator's blocks and channels`)
  const chosen = store.latestCheckpoint(id, wanted)
  const backend = await inferenceBackend()
  const generator = buildGenerator({ blocks, channels, seed: params.seed, bicubicSkip: params.config.bicubicSkip === true })
  try {
    const checkpoint = loadModelWeights(chosen.dir, generator, { prefix: true })
    return {
      runId: meta.id,
      checkpoint,
      backend,
      upscale: (image) => superResolve(generator, blocks, image),
      dispose: () => generator.dispose(),
    }
  } catch (error) {
    generator.dispose()
    throw error
  }
}
