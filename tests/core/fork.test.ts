/**
 * Forks without training: which settings a fork may change (decided by the experiments' `shape`
 * declarations), the store copying a checkpoint into the new run with the parent named in its
 * meta, and the fields the API carries for the front ends.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CheckpointInfo } from '../../src/shared/api'
import { forkConfig } from '../../src/main/core/fork'
import { ConfigError } from '../../src/main/experiments/config'
import { findExperimentInfo, listExperimentInfo } from '../../src/main/experiments/registry'
import { runInit, tempStore } from '../store/helpers'

const shapes = findExperimentInfo('shapes-cnn')
const parentConfig = { size: 8, classes: 3, trainCount: 64, testCount: 16, filters: 2, epochs: 2, batch: 16, lr: 0.001 }
const parent = { runId: 'P', preset: 'quick', config: parentConfig }
const epoch1: CheckpointInfo = { name: 'epoch-0001', step: 4, epoch: 1, time: 0 }

describe('the settings of a fork', () => {
  it("are the parent's, with the request's changes on top", () => {
    const { preset, config } = forkConfig(shapes, parent, epoch1, { set: { lr: 0.01, epochs: 5, trainCount: 128, batch: 8 } })
    expect(preset).toBe('quick')
    expect(config).toEqual({ ...parentConfig, lr: 0.01, epochs: 5, trainCount: 128, batch: 8 })
  })

  it('refuse every field declared shape that changes, naming each with the parent value', () => {
    const attempt = () => forkConfig(shapes, parent, epoch1, { set: { filters: 4, size: 16, lr: 0.01 } })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow('cannot fork run P from epoch-0001 with size=16 (the parent has size=8), filters=4 (the parent has filters=2): these values change the shape of the model')
    expect(attempt).toThrow('keep size=8, filters=2')
    // A preset that would change the shape is refused the same way (quick's size is not 8).
    expect(() => forkConfig(shapes, parent, epoch1, { preset: 'default' })).toThrow(/with size=32 \(the parent has size=8\)/)
  })

  it('refuse a fork with no epoch left to train', () => {
    expect(() => forkConfig(shapes, parent, { ...epoch1, epoch: 2, name: 'epoch-0002' }, {})).toThrow('the checkpoint is at epoch 2, so nothing is left to train; set epochs above 2')
  })

  it('are declared per field: the shape flags of shapes-cnn and resnet reach the front ends', () => {
    const flagged = (id: string) => listExperimentInfo().find((e) => e.id === id)!.fields.filter((f) => f.shape).map((f) => f.key)
    expect(flagged('shapes-cnn')).toEqual(['size', 'classes', 'filters'])
    expect(flagged('resnet')).toEqual(['model', 'shortcut', 'size', 'classes'])
    // Every experiment keeps lr and epochs free where it has them.
    for (const e of listExperimentInfo()) for (const f of e.fields) if (f.key === 'lr' || f.key === 'epochs') expect(f.shape, `${e.id}.${f.key}`).toBeFalsy()
  })
})

describe('the store side of a fork', () => {
  function parentWithCheckpoint() {
    const t = tempStore()
    const from = t.store.createRun(runInit())
    const dir = join(t.store.checkpointsDir(from.id), 'epoch-0001')
    mkdirSync(dir)
    writeFileSync(join(dir, 'model.bin'), Buffer.from([1, 2, 3, 250]))
    writeFileSync(join(dir, 'model.json'), '{"specs":[]}')
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ name: 'epoch-0001', step: 4, epoch: 1, time: 5 }))
    return { ...t, from, dir }
  }

  it('copies the checkpoint byte for byte and records parent, checkpoint, step and epoch', () => {
    const { store, from } = parentWithCheckpoint()
    const child = store.createRun(runInit())
    store.forkCheckpoint(from.id, 'epoch-0001', child.id)
    const copied = join(store.checkpointsDir(child.id), 'epoch-0001')
    expect([...readFileSync(join(copied, 'model.bin'))]).toEqual([1, 2, 3, 250])
    expect(store.readMeta(child.id)).toMatchObject({
      parent: { runId: from.id, checkpoint: 'epoch-0001', step: 4, epoch: 1 },
      lastCheckpoint: 'epoch-0001',
      step: 4,
      epoch: 1,
    })
    expect(store.getRun(child.id).checkpoints.map((c) => c.name)).toEqual(['epoch-0001'])
    expect(store.checkBeforeResume(child.id, 'epoch-0001')).toBe(copied)
  })

  it('refuses a checkpoint holding a link, and leaves no partial copy', () => {
    const { store, from, dir } = parentWithCheckpoint()
    symlinkSync('/etc/passwd', join(dir, 'extra.bin'))
    const child = store.createRun(runInit())
    expect(() => store.forkCheckpoint(from.id, 'epoch-0001', child.id)).toThrow(/symbolic link/)
    expect(readdirSync(store.checkpointsDir(child.id))).toEqual([])
    expect(store.readMeta(child.id).parent).toBeNull()
  })
})

describe('the fork request over the web and IPC transports', () => {
  it('passes from { runId, checkpoint } and refuses anything else in it', async () => {
    const { checkCall } = await import('../../src/shared/apiMethods')
    const ok = { experiment: 'shapes-cnn', set: { lr: 0.01 }, from: { runId: '20260101-000000-abcd', checkpoint: 'epoch-0001' } }
    expect(() => checkCall('startRun', [ok])).not.toThrow()
    expect(() => checkCall('startRun', [{ ...ok, from: { runId: 'r' } }])).not.toThrow()
    expect(() => checkCall('startRun', [{ ...ok, from: { runId: 'r', path: '/etc' } }])).toThrow(/from must be \{ runId, checkpoint \}/)
    expect(() => checkCall('startRun', [{ ...ok, from: { runId: 'r', checkpoint: '../x' } }])).toThrow(/from.checkpoint must be a checkpoint name/)
    // A study has no fork.
    expect(() => checkCall('startStudy', [{ ...ok, sweep: [{ key: 'lr', values: [0.1] }] }])).toThrow(/unknown field\(s\) from/)
  })
})
