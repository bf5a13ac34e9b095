import type { ResolvedConfig } from './types'

/**
 * One experiment's training step on a random batch, without files: the model, loss and optimiser
 * its trainer uses, so `benchtop bench step` and the bench scripts time the real step.
 */
export interface BenchStep {
  /** One optimiser step on the same random batch; resolves when its values are read back. */
  step(): Promise<void>
  /** What is being trained, in a few words (model, parameters), for the report. */
  readonly description: string
  dispose(): void
}

export interface BenchStepOptions {
  /** The experiment's resolved config; its `batch` is the batch size. */
  config: ResolvedConfig
  /** Seeds the initial weights and the random batch. */
  seed: number
}

export type BenchStepFactory = (options: BenchStepOptions) => BenchStep

/** Loaded lazily, as TRAINERS are, so a bench imports only the experiment it times. */
export const BENCH_STEPS: Record<string, () => Promise<BenchStepFactory>> = {
  'shapes-cnn': async () => (await import('./shapes-cnn/benchStep')).shapesCnnBenchStep,
  'char-rnn': async () => (await import('./char-rnn/benchStep')).charRnnBenchStep,
  resnet: async () => (await import('./resnet/benchStep')).resnetBenchStep,
  'style-transfer': async () => (await import('./style-transfer/benchStep')).styleTransferBenchStep,
}
