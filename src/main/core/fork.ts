/**
 * Forking a run from one of its checkpoints: the new run's settings are the parent's with the
 * request's changes on top, and a change to a field declared `shape` (it changes the shapes of the
 * saved weights or optimiser state) is refused with the reason, as is a fork with nothing left to
 * train. Pure: the core reads the parent and the checkpoint and starts the run.
 */
import type { CheckpointInfo, ConfigValue, ExperimentInfo } from '../../shared/api'
import { ConfigError, resolveConfig } from '../experiments/config'
import type { ResolvedConfig } from '../experiments/contract'

export interface ForkParent {
  runId: string
  preset: string
  config: Record<string, ConfigValue>
}

/**
 * The forked run's preset and config: the parent's config, or the preset the request names, then
 * the request's `set`. Throws a ConfigError naming every shape field that would change.
 */
export function forkConfig(
  experiment: ExperimentInfo,
  parent: ForkParent,
  checkpoint: CheckpointInfo,
  request: { preset?: string; set?: Record<string, ConfigValue> },
): { preset: string; config: ResolvedConfig } {
  const resolved = request.preset
    ? resolveConfig(experiment, request.preset, request.set)
    : resolveConfig(experiment, parent.preset, { ...parent.config, ...(request.set ?? {}) })
  const changed = experiment.fields.filter((f) => f.shape && parent.config[f.key] !== undefined && resolved.config[f.key] !== parent.config[f.key])
  if (changed.length > 0) {
    const what = changed.map((f) => `${f.key}=${resolved.config[f.key]} (the parent has ${f.key}=${parent.config[f.key]})`).join(', ')
    const plural = changed.length > 1
    throw new ConfigError(
      `cannot fork run ${parent.runId} from ${checkpoint.name} with ${what}: ${plural ? 'these values change' : 'this value changes'} the shape of the model, ` +
        `so the checkpoint's weights and optimiser state would not fit; keep ${changed.map((f) => `${f.key}=${parent.config[f.key]}`).join(', ')}, or start a new run`,
    )
  }
  const epochs = experiment.fields.find((f) => f.key === 'epochs' && f.type === 'integer') ? resolved.config.epochs : undefined
  if (typeof epochs === 'number' && epochs <= checkpoint.epoch) {
    throw new ConfigError(
      `cannot fork run ${parent.runId} from ${checkpoint.name} with epochs=${epochs}: the checkpoint is at epoch ${checkpoint.epoch}, so nothing is left to train; set epochs above ${checkpoint.epoch}`,
    )
  }
  return resolved
}
