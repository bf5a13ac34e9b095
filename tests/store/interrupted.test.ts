import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/store'
import { deadPid, runInit, tempHome, tempStore } from './helpers'

describe('runs whose owner process is gone', () => {
  it('are listed as interrupted; runs of a live owner stay running', async () => {
    const { store } = tempStore()
    const pid = await deadPid()
    const orphan = store.createRun(runInit({ name: 'orphan' }))
    store.updateMeta(orphan.id, { status: 'running', ownerPid: pid, startedAt: new Date().toISOString() })
    const live = store.createRun(runInit({ name: 'live' }))
    store.updateMeta(live.id, { status: 'running' })
    const done = store.createRun(runInit({ name: 'done' }))
    store.updateMeta(done.id, { status: 'completed', ownerPid: pid })

    const byName = Object.fromEntries(store.listRuns().map((run) => [run.name, run]))
    expect(byName.orphan).toMatchObject({
      status: 'interrupted',
      endedAt: null,
      error: `the process that ran it (pid ${pid}) ended before the run finished`,
    })
    expect(byName.live!.status).toBe('running')
    expect(byName.done!.status).toBe('completed')
    expect(store.readMeta(orphan.id).status).toBe('interrupted')
  })

  it('markInterruptedRuns returns the ids it marked, once', async () => {
    const { store } = tempStore()
    const pid = await deadPid()
    const queued = store.createRun(runInit())
    store.updateMeta(queued.id, { ownerPid: pid })
    store.createRun(runInit())
    expect(store.markInterruptedRuns()).toEqual([queued.id])
    expect(store.markInterruptedRuns()).toEqual([])
    expect(store.getRun(queued.id).status).toBe('interrupted')
  })

  it('lists newest first and lists broken folders as unreadable instead of failing', () => {
    const home = tempHome()
    const problems: string[] = []
    const store = new RunStore(home, { onProblem: (dir, message) => problems.push(`${dir}: ${message}`) })
    const older = store.createRun(runInit())
    const newer = store.createRun(runInit())
    store.updateMeta(older.id, { createdAt: '2020-01-01T00:00:00.000Z' })
    const broken = join(home, 'runs', '20200101-000000-bad1')
    mkdirSync(broken)
    writeFileSync(join(broken, 'meta.json'), '{"status": "runn')

    const listed = store.listRuns()
    expect(listed.filter((run) => run.status !== 'unreadable').map((run) => run.id)).toEqual([newer.id, older.id])
    // Listed, not dropped: with the problem, as unreadable.
    expect(listed.find((run) => run.id === '20200101-000000-bad1')).toMatchObject({ status: 'unreadable' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('20200101-000000-bad1')
    expect(problems[0]).toContain('not valid JSON')
  })
})
