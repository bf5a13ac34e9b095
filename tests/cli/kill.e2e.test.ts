import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src/shared/api'
import { isAlive, runCli, startCli, tempHome, TINY, waitFor } from '../helpers/cli'

/** The run's meta.json, or null while it is missing or being replaced. */
function readMeta(runDir: string): { lastCheckpoint?: string | null } | null {
  try {
    return JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8'))
  } catch {
    return null
  }
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
}

describe('a benchtop run killed with SIGKILL', () => {
  it('keeps its metrics, is listed as interrupted, and resumes from its last checkpoint', async () => {
    const home = tempHome()
    // 5 epochs of 64 steps. The kill comes as soon as the first checkpoint (step 64) is seen: the
    // run is then at most a poll interval past it, with about 250 steps, 4 validations and 4
    // checkpoints to go, so it cannot have finished, however fast or slow the machine is.
    const STEPS_PER_EPOCH = 64
    const EPOCHS = 5
    const TOTAL = STEPS_PER_EPOCH * EPOCHS
    const child = startCli(['run', 'shapes-cnn', ...TINY, '--set', `trainCount=${STEPS_PER_EPOCH * 16}`, '--set', `epochs=${EPOCHS}`, '--seed', '3', '--json'], home)
    const runsDir = path.join(home, 'runs')
    let runDir = ''
    await waitFor(() => {
      const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []
      if (ids.length === 0) return false
      runDir = path.join(runsDir, ids[0])
      // Recorded in the run's meta.json: a checkpoint folder alone may not be registered yet.
      return existsSync(path.join(runDir, 'checkpoints', 'epoch-0001', 'checkpoint.json')) && readMeta(runDir)?.lastCheckpoint === 'epoch-0001'
    }, 300_000, 'the first checkpoint', 10)

    const workerPid = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8')).workerPid as number
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('close', resolve))
    const before = lines(path.join(runDir, 'metrics', 'loss.jsonl'))
    const killedAt = before.length
    expect(killedAt).toBeGreaterThanOrEqual(STEPS_PER_EPOCH)
    expect(killedAt, 'the kill came before the run could end').toBeLessThan(TOTAL)
    // The training process notices its core is gone and ends too.
    await waitFor(() => !isAlive(workerPid), 120_000, 'the training process to end')

    const listed: RunSummary[] = JSON.parse((await runCli(['runs', '--json'], home)).stdout)
    expect(listed).toHaveLength(1)
    expect(listed[0].status).toBe('interrupted')
    expect(listed[0].error).toMatch(/ended before the run finished/)
    expect(listed[0].lastCheckpoint).toMatch(/^epoch-000[1-4]$/)
    const resumedFrom = Number(listed[0].lastCheckpoint!.slice('epoch-'.length))

    const resumed = await runCli(['resume', listed[0].id, '--json'], home, 600_000)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(JSON.parse(resumed.stdout).status).toBe('completed')

    const meta = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8'))
    expect(meta).toMatchObject({ status: 'completed', resumes: 1, step: TOTAL, epoch: EPOCHS })
    // Every point written before the kill is still there, the resumed run went on from the step
    // after its checkpoint (not from the start), and the steps run on without a gap.
    const after = lines(path.join(runDir, 'metrics', 'loss.jsonl'))
    expect(after.slice(0, killedAt)).toEqual(before)
    expect(JSON.parse(after[killedAt]).step).toBe(resumedFrom * STEPS_PER_EPOCH + 1)
    expect(after.length).toBe(killedAt + TOTAL - resumedFrom * STEPS_PER_EPOCH)
    const steps = new Set(after.map((l) => JSON.parse(l).step as number))
    expect([...steps].sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1))
    expect(lines(path.join(runDir, 'metrics', 'val_accuracy.jsonl')).length).toBeGreaterThanOrEqual(EPOCHS)
  }, 1_200_000)
})

describe('benchtop cancel from another process', () => {
  it('stops a run that another benchtop process owns, which records it as cancelled', async () => {
    const home = tempHome()
    const child = startCli(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=500', '--name', 'long-one', '--json'], home)
    let stdout = ''
    child.stdout!.on('data', (d) => (stdout += d))
    const runsDir = path.join(home, 'runs')
    await waitFor(() => {
      const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []
      const loss = ids.length ? path.join(runsDir, ids[0], 'metrics', 'loss.jsonl') : ''
      return loss !== '' && existsSync(loss) && lines(loss).length >= 3
    }, 300_000, 'a few steps')
    const cancelled = await runCli(['cancel', 'long-one'], home)
    expect(cancelled.code).toBe(0)
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(JSON.parse(stdout).status).toBe('cancelled')
  }, 600_000)
})
