/** A TrainerContext over a temporary run folder, with a reporter tests can replace parts of. */
import { mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CheckpointInfo, ImageRecord } from '../../src/shared/api'
import type { ProgressReporter, TrainerContext } from '../../src/main/experiments/contract'
import { createTrainerContext } from '../../src/main/training/context'

export interface TestContext extends TrainerContext {
  runDir: string
  checkpointsDir: string
  checkpoints: CheckpointInfo[]
  images: ImageRecord[]
}

export function testContext(o: { runDir?: string; resumeFrom?: string | null; shouldStop?: () => boolean; reporter?: Partial<ProgressReporter> } = {}): TestContext {
  const runDir = o.runDir ?? mkdtempSync(path.join(os.tmpdir(), 'run-'))
  // As the run store creates them with the run.
  for (const sub of ['checkpoints', 'artifacts']) mkdirSync(path.join(runDir, sub), { recursive: true })
  const reporter: ProgressReporter = { metric: () => {}, progress: () => {}, sample: () => {}, log: () => {}, ...o.reporter }
  const checkpoints: CheckpointInfo[] = []
  const images: ImageRecord[] = []
  const ctx = createTrainerContext({
    runDir,
    resumeFrom: o.resumeFrom ?? null,
    reporter,
    shouldStop: o.shouldStop,
    onCheckpoint: (c) => checkpoints.push(c),
    onImage: (i) => images.push(i),
  })
  return { ...ctx, runDir, checkpointsDir: path.join(runDir, 'checkpoints'), checkpoints, images }
}
