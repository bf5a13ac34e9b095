/**
 * Checkpoints: model weights and optimiser state, so a resumed run continues exactly where the
 * checkpoint left it. One folder per checkpoint; `checkpoint.json` is written last and the folder
 * is renamed into place, so a half-written checkpoint is never mistaken for a whole one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import type { CheckpointInfo } from '../../shared/api'
import { writeFileAtomic } from '../store/atomicFile'
import { CHECKPOINT_MARKER } from '../store/runContents'
import type { TrainingState, WeightsHolder } from '../experiments/contract'

/** What a checkpoint saves of a model (declared in the experiment contract). */
export type { TrainingState, WeightsHolder } from '../experiments/contract'

interface WeightFile {
  specs: tf.io.WeightsManifestEntry[]
}

function writeWeights(dir: string, base: string, tensors: Array<{ name: string; tensor: tf.Tensor }>): Promise<void> {
  return tf.io.encodeWeights(tensors).then(({ data, specs }) => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(tf.io.concatenateArrayBuffers(data))
    writeFileSync(path.join(dir, `${base}.bin`), bytes)
    writeFileSync(path.join(dir, `${base}.json`), JSON.stringify({ specs } satisfies WeightFile, null, 1))
  })
}

function readWeights(dir: string, base: string): tf.NamedTensorMap & Record<string, tf.Tensor> {
  const { specs } = JSON.parse(readFileSync(path.join(dir, `${base}.json`), 'utf8')) as WeightFile
  const buffer = readFileSync(path.join(dir, `${base}.bin`))
  const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
  return tf.io.decodeWeights(bytes, specs)
}

export function checkpointName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`
}

/**
 * Plain variables as a checkpointable model, in the given order (e.g. the image being optimised
 * in style transfer, whose pixels are the only variable).
 */
export function variablesAsWeights(variables: readonly tf.Variable[]): WeightsHolder {
  return {
    getWeights: () => [...variables],
    setWeights: (weights) => weights.forEach((w, i) => variables[i].assign(w)),
  }
}

/** The file base of an optimiser's state: `optimizer` for the usual single one, `optimizer-<name>` for others. */
function optimizerFile(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(name)) throw new Error(`invalid optimiser name '${name}'`)
  return name === 'optimizer' ? 'optimizer' : `optimizer-${name}`
}

/** Writes `<checkpointsDir>/<name>/` atomically (model weights, each optimiser's state) and returns its info. */
export async function saveTrainingState(
  checkpointsDir: string,
  name: string,
  state: TrainingState,
  info: { step: number; epoch: number },
): Promise<CheckpointInfo> {
  const tmp = path.join(checkpointsDir, `.tmp-${name}-${process.pid}`)
  try {
    return await writeCheckpoint(checkpointsDir, tmp, name, state, info)
  } catch (error) {
    // A full disk (ENOSPC) or any other failure: no half-written checkpoint stays behind.
    rmSync(tmp, { recursive: true, force: true })
    throw error
  }
}

async function writeCheckpoint(
  checkpointsDir: string,
  tmp: string,
  name: string,
  state: TrainingState,
  info: { step: number; epoch: number },
): Promise<CheckpointInfo> {
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  // Weights are saved by position: layer names carry per-process counters, the build order does not.
  const weights = state.model.getWeights().map((tensor, i) => ({ name: `w${String(i).padStart(3, '0')}`, tensor }))
  await writeWeights(tmp, 'model', weights)
  for (const [key, optimizer] of Object.entries(state.optimizers)) {
    const slots = await optimizer.getWeights()
    await writeWeights(tmp, optimizerFile(key), slots)
    // getWeights() makes a new scalar for the iteration count; the rest are the optimiser's own variables.
    slots.filter((s) => s.name === 'iter').forEach((s) => s.tensor.dispose())
  }
  const checkpoint: CheckpointInfo = { name, step: info.step, epoch: info.epoch, time: Date.now() }
  writeFileSync(path.join(tmp, CHECKPOINT_MARKER), JSON.stringify(checkpoint, null, 1))
  const final = path.join(checkpointsDir, name)
  rmSync(final, { recursive: true, force: true })
  renameSync(tmp, final)
  return checkpoint
}

/** One model and one optimiser (`optimizer`): the classifiers' and the language model's checkpoint. */
export function saveCheckpoint(
  checkpointsDir: string,
  name: string,
  model: WeightsHolder,
  optimizer: tf.Optimizer,
  info: { step: number; epoch: number },
): Promise<CheckpointInfo> {
  return saveTrainingState(checkpointsDir, name, { model, optimizers: { optimizer } }, info)
}

/**
 * Loads a checkpoint's model weights (not the optimiser's state) into a model of the same config.
 * With `prefix`, the model is the first part of what was saved (a GAN's generator, saved before
 * its discriminator): its weights are the checkpoint's first ones, and the rest are freed unread.
 */
export function loadModelWeights(dir: string, model: WeightsHolder, options: { prefix?: boolean } = {}): CheckpointInfo {
  const info = JSON.parse(readFileSync(path.join(dir, CHECKPOINT_MARKER), 'utf8')) as CheckpointInfo
  const weights = readWeights(dir, 'model')
  let ordered = Object.keys(weights)
    .sort()
    .map((k) => weights[k])
  const expected = model.getWeights()
  if (options.prefix && ordered.length > expected.length) {
    tf.dispose(ordered.slice(expected.length))
    ordered = ordered.slice(0, expected.length)
  }
  if (ordered.length !== expected.length) {
    tf.dispose(ordered)
    throw new Error(`checkpoint ${dir} holds ${ordered.length} weight tensors, the model has ${expected.length}`)
  }
  ordered.forEach((t, i) => {
    if (!tf.util.arraysEqual(t.shape, expected[i].shape)) {
      throw new Error(`checkpoint ${dir}: weight ${i} has shape [${t.shape}], the model expects [${expected[i].shape}]`)
    }
  })
  model.setWeights(ordered)
  tf.dispose(ordered)
  return info
}

/** loadModelWeights into a model built for it; a checkpoint that does not fit disposes the model before the error goes on. */
export function loadWeightsOrDispose(dir: string, model: WeightsHolder & { dispose(): void }): CheckpointInfo {
  try {
    return loadModelWeights(dir, model)
  } catch (error) {
    model.dispose()
    throw error
  }
}

/**
 * How many of a run's newest checkpoints keep the optimiser's state; older ones keep the model's
 * weights only. Why 2: resuming needs only the newest, and the one before stays whole in case the
 * newest is damaged and while a queue worker may still be shipping it. Adam's state is twice the
 * weights, so a ResNet-50 checkpoint shrinks from 282 to 94 MB (20 epochs: 5.6 → 2.3 GB), and every
 * checkpoint can still be evaluated (Outputs across checkpoints) or forked from.
 */
export const CHECKPOINTS_WITH_OPTIMIZER_STATE = 2

/**
 * Drops the optimiser's state from a checkpoint folder, keeping the model's weights: the marker is
 * rewritten first (atomically) with `weightsOnly`, then the files go, so a crash in between leaves
 * a weights-only checkpoint with stray files, never one that claims state it lacks.
 */
export function dropOptimizerState(dir: string): void {
  const markerPath = path.join(dir, CHECKPOINT_MARKER)
  const info = JSON.parse(readFileSync(markerPath, 'utf8')) as CheckpointInfo
  if (info.weightsOnly) return
  writeFileAtomic(markerPath, JSON.stringify({ ...info, weightsOnly: true } satisfies CheckpointInfo, null, 1))
  for (const file of readdirSync(dir)) {
    if (/^optimizer(-[A-Za-z0-9_-]{1,32})?\.(bin|json)$/.test(file)) rmSync(path.join(dir, file), { force: true })
  }
}

/**
 * Loads weights and every optimiser's state into a freshly built model of the same config. A
 * weights-only checkpoint (an older one, see CHECKPOINTS_WITH_OPTIMIZER_STATE) loads the weights
 * and leaves the optimisers fresh; the returned info says so (`weightsOnly`).
 */
export async function loadTrainingState(dir: string, state: TrainingState): Promise<CheckpointInfo> {
  const info = loadModelWeights(dir, state.model)
  if (info.weightsOnly) return info
  for (const [key, optimizer] of Object.entries(state.optimizers)) {
    const base = optimizerFile(key)
    const slots = readWeights(dir, base)
    // Keep the order getWeights() produced: iterations first, then the slots by variable.
    const specs = (JSON.parse(readFileSync(path.join(dir, `${base}.json`), 'utf8')) as WeightFile).specs
    await optimizer.setWeights(specs.map((s) => ({ name: s.name, tensor: slots[s.name] })))
    // The optimiser copied them into its own variables.
    tf.dispose(Object.values(slots))
  }
  return info
}

/** Loads weights and optimiser state into a freshly built model of the same config. */
export function loadCheckpoint(dir: string, model: WeightsHolder, optimizer: tf.Optimizer): Promise<CheckpointInfo> {
  return loadTrainingState(dir, { model, optimizers: { optimizer } })
}
