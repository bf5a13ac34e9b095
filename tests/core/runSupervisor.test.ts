import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunSupervisor } from '../../src/main/core/runSupervisor'
import { RunStore } from '../../src/main/store'
import type { CoreEvent } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'
import { FakeTrainingProcess } from '../helpers/fakeLauncher'

function startedRun(): { store: RunStore; id: string } {
  const store = new RunStore(tempHome())
  const { id } = store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: {} })
  store.updateMeta(id, { status: 'running', startedAt: new Date().toISOString() })
  return { store, id }
}

function checkpoint(store: RunStore, id: string, epoch: number): { name: string; step: number; epoch: number; time: number } {
  const info = { name: `epoch-${String(epoch).padStart(4, '0')}`, step: epoch * 10, epoch, time: Date.now() }
  mkdirSync(path.join(store.checkpointsDir(id), info.name), { recursive: true })
  writeFileSync(path.join(store.checkpointsDir(id), info.name, 'checkpoint.json'), JSON.stringify(info))
  return info
}

describe('RunSupervisor', () => {
  it('records messages that arrive after the exit, and a clean exit after done is completed', async () => {
    const { store, id } = startedRun()
    const child = new FakeTrainingProcess({ logPath: null })
    const events: CoreEvent[] = []
    const supervisor = new RunSupervisor(store, id, child, (e) => events.push(e))
    child.say({ type: 'checkpoint', checkpoint: checkpoint(store, id, 1) })
    // The exit is seen first; the rest of what the process said is still on its way.
    child.exit(0)
    await new Promise((r) => setTimeout(r, 50))
    child.say({ type: 'progress', step: 20, epoch: 2, totalSteps: 20, totalEpochs: 2 })
    child.say({ type: 'checkpoint', checkpoint: checkpoint(store, id, 2) })
    child.say({ type: 'done', status: 'completed' })
    const done = await supervisor.done
    expect(done).toMatchObject({ status: 'completed', error: null, lastCheckpoint: 'epoch-0002', step: 20, epoch: 2 })
    expect(store.readMeta(id)).toMatchObject({ status: 'completed', lastCheckpoint: 'epoch-0002', ownerPid: null })
    expect(events.filter((e) => e.type === 'run-status')).toHaveLength(1)
  })

  it('tells the process its last message is recorded, so it may end', async () => {
    const { store, id } = startedRun()
    const child = new FakeTrainingProcess({ logPath: null })
    const supervisor = new RunSupervisor(store, id, child, () => {})
    child.say({ type: 'checkpoint', checkpoint: checkpoint(store, id, 1) })
    expect(child.sent).toEqual([])
    child.say({ type: 'done', status: 'completed' })
    expect(child.sent).toEqual([{ type: 'recorded' }])
    expect(store.readMeta(id).lastCheckpoint).toBe('epoch-0001')
    child.exit(0)
    expect((await supervisor.done).status).toBe('completed')
  })

  it('fails a run whose process exits without a final message once no more come', async () => {
    const { store, id } = startedRun()
    const child = new FakeTrainingProcess({ logPath: store.logPath(id) })
    const supervisor = new RunSupervisor(store, id, child, () => {}, { lateMessageWaitMs: 100 })
    child.say({ type: 'log', line: 'epoch 1 of 2' })
    child.exit(3)
    const done = await supervisor.done
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/exited with code 3: \[core\] epoch 1 of 2/)
  })

  it('takes an error that arrives after the exit as the reason', async () => {
    const { store, id } = startedRun()
    const child = new FakeTrainingProcess({ logPath: null })
    const supervisor = new RunSupervisor(store, id, child, () => {})
    child.exit(1)
    await new Promise((r) => setTimeout(r, 20))
    child.say({ type: 'error', message: 'out of memory', stack: null })
    expect(await supervisor.done).toMatchObject({ status: 'failed', error: 'out of memory' })
  })
})
