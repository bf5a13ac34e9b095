/**
 * `benchtop run --from RUN[:CHECKPOINT]`: a tiny shapes-cnn run is forked at its first epoch.
 *
 * The references are the parent's own metric files, not the code: trainOnBatch reports the loss
 * of a batch before its update, so the child's first loss is the parent's loss at the same step
 * exactly when the child starts from the parent's weights (whatever its learning rate), and a
 * fork with unchanged settings repeats the parent's later steps only if the optimiser's state
 * (Adam's moments and step count) came along too.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { MetricPoint, RunDetail } from '../../src/shared/api'
import { runCli, runCliJson, tempHome, TINY } from '../helpers/cli'

const home = tempHome()
let parent: { runId: string; dir: string }

function losses(dir: string): MetricPoint[] {
  return readFileSync(path.join(dir, 'metrics', 'loss.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
}

async function fork(args: string[]): Promise<{ runId: string; dir: string; status: string }> {
  return runCliJson(['run', 'shapes-cnn', ...args, '--json'], home, { quiet: true })
}

beforeAll(async () => {
  // 64 images in batches of 16: 4 steps per epoch, 8 in all; checkpoints epoch-0001 (step 4) and epoch-0002 (step 8).
  parent = await runCliJson(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=2', '--seed', '7', '--json'], home)
}, 180_000)

describe('forking a run from a checkpoint on the command line', () => {
  it('starts at the parent\'s step from its weights, with the new learning rate, and names the parent', async () => {
    const child = await fork(['--from', `${parent.runId}:epoch-0001`, '--set', 'lr=0.02', '--set', 'epochs=3'])
    expect(child.status).toBe('completed')
    const shown: RunDetail = JSON.parse((await runCli(['show', child.runId, '--json'], home)).stdout)
    expect(shown.parent).toEqual({ runId: parent.runId, checkpoint: 'epoch-0001', step: 4, epoch: 1 })
    expect(shown.params).toMatchObject({ seed: 7, config: { lr: 0.02, epochs: 3, size: 8, filters: 2, trainCount: 64 } })
    // The parent's checkpoint came along (the child resumes from its own folder), then its own epochs 2 and 3.
    expect(shown.checkpoints.map((c) => [c.name, c.step])).toEqual([['epoch-0001', 4], ['epoch-0002', 8], ['epoch-0003', 12]])

    const mine = losses(child.dir)
    const theirs = losses(parent.dir)
    expect(mine.map((p) => p.step)).toEqual([5, 6, 7, 8, 9, 10, 11, 12])
    expect(mine[0].epoch).toBe(2)
    // Step 5's loss is measured before step 5's update: on the parent's weights after step 4.
    expect(mine[0].value).toBeCloseTo(theirs[4].value, 4)
    // After one update with 20 times the learning rate the curves part.
    expect(Math.abs(mine[1].value - theirs[5].value)).toBeGreaterThan(1e-3)
    const log = readFileSync(path.join(child.dir, 'log.txt'), 'utf8')
    expect(log).toContain('resumed from epoch-0001: step 4, epoch 1')
  }, 180_000)

  it('with unchanged settings repeats the parent\'s steps: the optimiser state came along too', async () => {
    const child = await fork(['--from', `${parent.runId}:1`])
    const mine = losses(child.dir)
    const theirs = losses(parent.dir).slice(4)
    expect(mine.map((p) => p.step)).toEqual(theirs.map((p) => p.step))
    mine.forEach((p, i) => expect(p.value).toBeCloseTo(theirs[i].value, 4))
  }, 180_000)

  it('refuses a change of the model\'s shape, and a fork with nothing left to train, with the reason', async () => {
    const shape = await runCli(['run', 'shapes-cnn', '--from', parent.runId, '--set', 'filters=4', '--set', 'epochs=3'], home)
    expect(shape.code).toBe(2)
    expect(shape.stderr).toContain(`cannot fork run ${parent.runId} from epoch-0002 with filters=4 (the parent has filters=2)`)
    expect(shape.stderr).toContain('changes the shape of the model')
    const done = await runCli(['run', 'shapes-cnn', '--from', parent.runId], home)
    expect(done.code).toBe(2)
    expect(done.stderr).toContain('the checkpoint is at epoch 2, so nothing is left to train; set epochs above 2')
    const missing = await runCli(['run', 'shapes-cnn', '--from', `${parent.runId}:epoch-0009`], home)
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("has no checkpoint 'epoch-0009'; its checkpoints: epoch-0001, epoch-0002")
    const other = await runCli(['run', 'resnet', '--from', parent.runId], home)
    expect(other.stderr).toContain('a fork continues the same experiment')
    // Nothing was created by the refusals: the parent and the two forks above.
    const runs = JSON.parse((await runCli(['runs', '--json'], home)).stdout) as unknown[]
    expect(runs).toHaveLength(3)
  }, 180_000)
})
