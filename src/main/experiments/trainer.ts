import type { CheckpointInfo, DatasetRef } from '../../shared/api'
import type { TrainJob } from '../training/protocol'
import type { ProgressReporter } from './types'

/** What a trainer gets from the training process around it. */
export interface TrainerContext {
  reporter: ProgressReporter
  checkpointsDir: string
  artifactsDir: string
  /** True once a cancel was asked for; checked between steps. */
  shouldStop: () => boolean
  dataset: (ref: DatasetRef) => void
  checkpoint: (checkpoint: CheckpointInfo) => void
}

/** Trains one run to its end (or until asked to stop) inside a training process. */
export type Trainer = (job: TrainJob, ctx: TrainerContext) => Promise<'completed' | 'cancelled'>

/** Loaded lazily, so a training process imports only the experiment it runs. */
export const TRAINERS: Record<string, () => Promise<Trainer>> = {
  'shapes-cnn': async () => (await import('./shapes-cnn/train')).trainShapesCnn,
  'char-rnn': async () => (await import('./char-rnn/train')).trainCharRnn,
  resnet: async () => (await import('./resnet/train')).trainResNet,
  'style-transfer': async () => (await import('./style-transfer/train')).trainStyleTransfer,
}
