/** The checkpoint selector's options: every saved checkpoint, oldest first, the latest marked. */
import type { CheckpointInfo } from '../../../../shared/api'

export interface CheckpointOption {
  name: string
  label: string
}

/** The run's latest checkpoint: the one its meta names, else the highest epoch; null before the first. */
export function latestCheckpoint(checkpoints: readonly CheckpointInfo[], lastCheckpoint: string | null): string | null {
  const named = lastCheckpoint?.split('/').pop()
  if (named && checkpoints.some((c) => c.name === named)) return named
  return [...checkpoints].sort((a, b) => a.epoch - b.epoch).at(-1)?.name ?? null
}

export function checkpointOptions(checkpoints: readonly CheckpointInfo[], lastCheckpoint: string | null): CheckpointOption[] {
  const latest = latestCheckpoint(checkpoints, lastCheckpoint)
  return [...checkpoints]
    .sort((a, b) => a.epoch - b.epoch || a.name.localeCompare(b.name))
    .map((c) => ({ name: c.name, label: `epoch ${c.epoch}${c.name === latest ? ' (latest)' : ''}` }))
}
