/**
 * The TrainerContext every experiment's trainer gets (experiments/contract.ts): shared code that
 * saves and restores checkpoints, writes images under the run's artifacts, and passes metrics,
 * progress, samples and cancel through. The training process (worker.ts) wires it to the core;
 * tests wire it to plain callbacks.
 */
import path from 'node:path'
import type { CheckpointInfo, DatasetRef, ImageRecord } from '../../shared/api'
import type { ProgressReporter, TrainerContext } from '../experiments/contract'
import { writeRunImage } from '../store/runImages'
import { listCheckpoints } from '../store/runContents'
import { CHECKPOINTS_WITH_OPTIMIZER_STATE, dropOptimizerState, loadTrainingState, saveTrainingState } from './checkpoint'

export interface ContextOptions {
  /** The run's folder: checkpoints/ and artifacts/ are written under it. */
  runDir: string
  /** Checkpoint folder to resume from; null for a fresh run. */
  resumeFrom: string | null
  reporter: ProgressReporter
  shouldStop?: () => boolean
  onDataset?: (dataset: DatasetRef) => void
  onCheckpoint?: (checkpoint: CheckpointInfo) => void
  onImage?: (image: ImageRecord) => void
}

export function createTrainerContext(o: ContextOptions): TrainerContext {
  const checkpointsDir = path.join(o.runDir, 'checkpoints')
  const artifactsDir = path.join(o.runDir, 'artifacts')
  return {
    reporter: o.reporter,
    shouldStop: () => o.shouldStop?.() ?? false,
    dataset: (dataset) => o.onDataset?.(dataset),
    image: (image) => {
      const record = writeRunImage(artifactsDir, image)
      o.onImage?.(record)
    },
    saveCheckpoint: async (name, state, at) => {
      const checkpoint = await saveTrainingState(checkpointsDir, name, state, at)
      // Older checkpoints keep the model's weights only (see CHECKPOINTS_WITH_OPTIMIZER_STATE).
      const older = listCheckpoints(checkpointsDir).filter((c) => c.name !== name && !c.weightsOnly)
      for (const c of older.slice(0, Math.max(0, older.length - (CHECKPOINTS_WITH_OPTIMIZER_STATE - 1)))) {
        dropOptimizerState(path.join(checkpointsDir, c.name))
      }
      o.onCheckpoint?.(checkpoint)
      return checkpoint
    },
    resume: async (state) => {
      if (!o.resumeFrom) return null
      const info = await loadTrainingState(o.resumeFrom, state)
      o.reporter.log(`resumed from ${info.name}: step ${info.step}, epoch ${info.epoch}`)
      if (info.weightsOnly) {
        o.reporter.log(`${info.name} holds the model's weights only (older checkpoints drop the optimiser's state to save disk): the optimiser starts afresh`)
      }
      return info
    },
  }
}
