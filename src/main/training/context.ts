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
import { loadTrainingState, saveTrainingState } from './checkpoint'

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
      o.onCheckpoint?.(checkpoint)
      return checkpoint
    },
    resume: async (state) => {
      if (!o.resumeFrom) return null
      const info = await loadTrainingState(o.resumeFrom, state)
      o.reporter.log(`resumed from ${info.name}: step ${info.step}, epoch ${info.epoch}`)
      return info
    },
  }
}
