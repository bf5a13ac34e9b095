/**
 * The store's side of a fork: a new run begins from another run's checkpoint, so that checkpoint
 * is copied into the new run's `checkpoints/` (the new run then resumes from its own folder, as
 * any resumed run does, and keeps working when the parent is deleted). The copy is written to a
 * temporary folder and renamed into place, the marker file last, like a checkpoint the trainer saves.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CheckpointInfo } from '../../shared/api'
import { CHECKPOINT_MARKER, checkpointFolder, listCheckpoints } from './runContents'
import { readRunFileBytes } from './runFiles'

/**
 * Copies checkpoint `name` of the run in `fromRunDir` into `toCheckpointsDir/name`. Only regular
 * files are copied (a link or a folder inside a checkpoint is refused by openRunFile).
 */
export function copyCheckpoint(fromRunDir: string, name: string, toCheckpointsDir: string): CheckpointInfo {
  const source = checkpointFolder(join(fromRunDir, 'checkpoints'), name)
  const info = listCheckpoints(join(fromRunDir, 'checkpoints')).find((c) => c.name === name)!
  const tmp = join(toCheckpointsDir, `.tmp-${name}-${process.pid}`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  try {
    const files = readdirSync(source).filter((f) => f !== CHECKPOINT_MARKER)
    for (const file of [...files, CHECKPOINT_MARKER]) writeFileSync(join(tmp, file), readRunFileBytes(fromRunDir, join(source, file)))
    renameSync(tmp, join(toCheckpointsDir, name))
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    throw error
  }
  return info
}
