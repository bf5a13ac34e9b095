/**
 * Messages between the core and a training process. The same shapes travel over
 * child_process IPC (command line, web mode) and Electron's utilityProcess port (the app).
 */
import type { BackendName, BackendReport, CheckpointInfo, ConfigValue, DatasetRef, ImageRecord, MetricPoint } from '../../shared/api'

export interface TrainJob {
  runId: string
  experiment: string
  config: Record<string, ConfigValue>
  seed: number
  /** Dataset id or path given by the user; the experiment's own default when absent. */
  data: string | null
  backend: BackendName | null
  home: string
  runDir: string
  /** Checkpoint folder to resume from. */
  resumeFrom: string | null
}

/**
 * `recorded` answers a run's last message (`done` or `error`): the core has handled it and every
 * message before it, so the process may end. Without that answer a process that exits right after
 * its last send can lose what is still queued (Electron's port gives no other way to know).
 */
export type ToWorker = { type: 'train'; job: TrainJob } | { type: 'doctor'; required: string[]; listed?: string[] } | { type: 'cancel' } | { type: 'recorded' }

export type FromWorker =
  | { type: 'engine'; backends: BackendReport[]; selected: BackendName | null; versions: Record<string, string> }
  | { type: 'dataset'; dataset: DatasetRef }
  | { type: 'metrics'; name: string; points: MetricPoint[] }
  | { type: 'progress'; step: number; epoch: number; totalSteps: number; totalEpochs: number }
  | { type: 'sample'; name: string; step: number; value: unknown }
  | { type: 'checkpoint'; checkpoint: CheckpointInfo }
  /** The training process wrote an image (file and index line) under the run's artifacts. */
  | { type: 'image'; image: ImageRecord }
  | { type: 'log'; line: string }
  | { type: 'done'; status: 'completed' | 'cancelled' }
  | { type: 'error'; message: string; stack: string | null }
