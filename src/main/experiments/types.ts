import type { ConfigValue, ExperimentInfo } from '../../shared/api'

/** What the core needs to know about an experiment: pure data, no TensorFlow.js. */
export type ExperimentDefinition = ExperimentInfo

export type ResolvedConfig = Record<string, ConfigValue>

/** Metric names an experiment reports, with the unit of their x position. */
export interface ProgressReporter {
  /** Appends one point to metric `name`. */
  metric(name: string, step: number, epoch: number, value: number): void
  progress(step: number, epoch: number, totalSteps: number, totalEpochs: number): void
  /** Something the model produced (predictions, samples) to show next to the curves. */
  sample(name: string, step: number, value: unknown): void
  log(line: string): void
}
