import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/store'
import { runInit, tempStore } from './helpers'

/** One good run and one run folder broken in each way a folder can be broken. */
function brokenRuns(store: RunStore) {
  const good = store.createRun(runInit({ name: 'good' }))
  const make = (name: string, meta: string | null, params = true) => {
    const { id } = store.createRun(runInit({ name }))
    const dir = store.runDir(id)
    if (meta === null) rmSync(join(dir, 'meta.json'))
    else writeFileSync(join(dir, 'meta.json'), meta)
    if (!params) rmSync(join(dir, 'params.json'))
    return id
  }
  const ids = {
    invalid: make('invalid', '{"status": "running", '),
    nullMeta: make('null', 'null'),
    unknownStatus: make('unknown', JSON.stringify({ name: 'unknown-status', status: 'paused', createdAt: '2026-01-01T00:00:00.000Z' })),
    noParams: make('no-params', null, false),
    noMeta: make('no-meta', null),
  }
  writeFileSync(join(store.runDir(ids.noParams), 'meta.json'), JSON.stringify({ ...store.readMeta(good.id), id: ids.noParams, name: 'no-params', status: 'completed' }))
  // An old folder without meta.json is broken, not being created right now.
  const old = new Date(Date.now() - 60_000)
  utimesSync(store.runDir(ids.noMeta), old, old)
  return { good: good.id, ...ids }
}

describe('run folders that cannot be read', () => {
  it('are listed as unreadable with the file and the problem, never left out', () => {
    const problems: string[] = []
    const { home } = tempStore()
    const store = new RunStore(home, { onProblem: (_dir, message) => problems.push(message) })
    const ids = brokenRuns(store)
    const byId = new Map(store.listRuns().map((r) => [r.id, r]))
    expect(byId.size).toBe(6)
    expect(byId.get(ids.good)!.status).toBe('queued')
    const problem = (id: string) => {
      const run = byId.get(id)!
      expect(run.status).toBe('unreadable')
      expect(run.error).toBe(run.problem)
      return run.problem!
    }
    expect(problem(ids.invalid)).toMatch(new RegExp(`${ids.invalid}/meta\\.json is not valid JSON`))
    expect(problem(ids.nullMeta)).toMatch(/meta\.json.*not a JSON object/)
    expect(problem(ids.unknownStatus)).toMatch(/meta\.json.*unknown status "paused"/)
    expect(byId.get(ids.unknownStatus)!.name).toBe('unknown-status')
    expect(problem(ids.noParams)).toMatch(new RegExp(`${ids.noParams}/params\\.json is missing`))
    expect(problem(ids.noMeta)).toMatch(/exists but has no meta\.json/)
    expect(problems).toHaveLength(5)
  })

  it('are listed in the trash too', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    writeFileSync(join(store.runDir(id), 'meta.json'), 'null')
    mkdirSync(store.trashDir, { recursive: true })
    renameSync(store.runDir(id), join(store.trashDir, id))
    expect(store.listTrash()).toMatchObject([{ id, status: 'unreadable' }])
  })

  it('name the file and the problem in one line when shown', () => {
    const { store } = tempStore()
    const ids = brokenRuns(store)
    expect(() => store.getRun(ids.noParams)).toThrow(new RegExp(`^${store.runDir(ids.noParams)}/params\\.json is missing[^\\n]*$`))
    expect(() => store.getRun(ids.unknownStatus)).toThrow(/meta\.json.*unknown status "paused"/)
    expect(() => store.getRun(ids.invalid)).toThrow(/meta\.json is not valid JSON/)
  })
})
