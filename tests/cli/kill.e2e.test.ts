import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src/shared/api'
import { isAlive, runCli, startCli, tempHome, TINY, waitFor } from '../helpers/cli'

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
}

describe('a benchtop run killed with SIGKILL', () => {
  it('keeps its metrics, is listed as interrupted, and resumes from its last checkpoint', async () => {
    const home = tempHome()
    // 5 epochs of 8 steps; slow enough to kill in the middle of epoch 2 or later.
    const child = startCli(['run', 'shapes-cnn', ...TINY, '--set', 'trainCount=128', '--set', 'epochs=5', '--seed', '3', '--json'], home)
    const runsDir = path.join(home, 'runs')
    let runDir = ''
    await waitFor(() => {
      const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []
      if (ids.length === 0) return false
      runDir = path.join(runsDir, ids[0])
      const loss = path.join(runDir, 'metrics', 'loss.jsonl')
      return existsSync(path.join(runDir, 'checkpoints', 'epoch-0001', 'checkpoint.json')) && existsSync(loss) && lines(loss).length >= 10
    }, 90_000, 'the first checkpoint and some steps after it')

    const workerPid = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8')).workerPid as number
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('close', resolve))
    const killedAt = lines(path.join(runDir, 'metrics', 'loss.jsonl')).length
    expect(killedAt).toBeGreaterThanOrEqual(10)
    expect(killedAt).toBeLessThan(40)
    // The training process notices its core is gone and ends too.
    await waitFor(() => !isAlive(workerPid), 10_000, 'the training process to end')

    const listed: RunSummary[] = JSON.parse((await runCli(['runs', '--json'], home)).stdout)
    expect(listed).toHaveLength(1)
    expect(listed[0].status).toBe('interrupted')
    expect(listed[0].error).toMatch(/ended before the run finished/)
    expect(listed[0].lastCheckpoint).toMatch(/^epoch-000[1-4]$/)

    const resumed = await runCli(['resume', listed[0].id, '--json'], home)
    expect(resumed.code).toBe(0)
    expect(JSON.parse(resumed.stdout).status).toBe('completed')

    const meta = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8'))
    expect(meta).toMatchObject({ status: 'completed', resumes: 1, step: 40, epoch: 5 })
    // Every point written before the kill is still there, and the steps run on without a gap.
    const after = lines(path.join(runDir, 'metrics', 'loss.jsonl'))
    expect(after.length).toBeGreaterThanOrEqual(40)
    const steps = new Set(after.map((l) => JSON.parse(l).step as number))
    expect([...steps].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(lines(path.join(runDir, 'metrics', 'val_accuracy.jsonl')).length).toBeGreaterThanOrEqual(5)
  }, 180_000)
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
    }, 60_000, 'a few steps')
    const cancelled = await runCli(['cancel', 'long-one'], home)
    expect(cancelled.code).toBe(0)
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(JSON.parse(stdout).status).toBe('cancelled')
  }, 90_000)
})
