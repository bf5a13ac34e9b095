import { existsSync, readFileSync, writeFileSync, mkdirSync, statSync, symlinkSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deadPid, runInit, tempStore } from './helpers'

describe('trash', () => {
  it('delete moves a run to the trash and restore brings it back intact', () => {
    const { home, store } = tempStore()
    const { id } = store.createRun(runInit())
    store.updateMeta(id, { status: 'completed' })
    store.appendMetric(id, 'loss', [{ step: 1, epoch: 0, time: 1, value: 0.5 }])
    writeFileSync(join(store.artifactsDir(id), 'confusion.json'), '[[1]]')

    store.deleteRun(id)
    expect(store.listRuns().map((run) => run.id)).toEqual([])
    expect(store.listTrash().map((run) => run.id)).toEqual([id])
    expect(store.listTrash()[0]!.dir).toBe(join(home, 'runs', '.trash', id))
    expect(store.listRuns({ includeTrash: true }).map((run) => run.id)).toEqual([id])
    expect(() => store.readMeta(id)).toThrow(/no run/)

    store.restoreRun(id)
    expect(store.listTrash()).toEqual([])
    const detail = store.getRun(id)
    expect(detail).toMatchObject({ id, status: 'completed', latest: { loss: 0.5 }, artifacts: ['confusion.json'] })
    expect(readFileSync(join(store.artifactsDir(id), 'confusion.json'), 'utf8')).toBe('[[1]]')
    expect(() => store.restoreRun(id)).toThrow(/not in the trash/)
  })

  it('refuses to delete a run that a live process is running', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.updateMeta(id, { status: 'running' })
    expect(() => store.deleteRun(id)).toThrow(/is running \(owned by pid \d+\); cancel it/)
    expect(existsSync(store.runDir(id))).toBe(true)
  })

  it('deletes a run whose owner died, marking it interrupted', async () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.updateMeta(id, { status: 'running', ownerPid: await deadPid() })
    store.deleteRun(id)
    expect(store.listTrash()[0]!.status).toBe('interrupted')
  })

  it('replaces a trashed run with the same id, refuses to restore over a live one, and purges', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit({ name: 'first' }))
    store.updateMeta(id, { status: 'completed' })
    store.deleteRun(id)
    // A folder with the same id appears again (copied back by hand) and is deleted too.
    mkdirSync(store.runDir(id))
    writeFileSync(join(store.runDir(id), 'meta.json'), JSON.stringify({ ...store.listTrash()[0], name: 'second' }))
    store.deleteRun(id)
    expect(store.listTrash().map((run) => run.name)).toEqual(['second'])

    mkdirSync(store.runDir(id))
    expect(() => store.restoreRun(id)).toThrow(/already exists/)

    const other = store.createRun(runInit())
    store.updateMeta(other.id, { status: 'failed' })
    store.deleteRun(other.id)
    expect(store.purgeTrash(id)).toEqual([id])
    expect(store.purgeTrash()).toEqual([other.id])
    expect(store.listTrash()).toEqual([])
    expect(() => store.purgeTrash('nope')).toThrow(/not in the trash/)
  })

  it('measures a run on disk without following links, and empties the trash, saying what it freed', () => {
    const { home, store } = tempStore()
    const { id } = store.createRun(runInit())
    store.updateMeta(id, { status: 'completed' })
    writeFileSync(join(store.artifactsDir(id), 'big.bin'), Buffer.alloc(50_000))
    // A link to a large file elsewhere counts for nothing: deleting the run would not free it.
    const outside = join(home, 'outside.bin')
    writeFileSync(outside, Buffer.alloc(1_000_000))
    symlinkSync(outside, join(store.artifactsDir(id), 'link.bin'))
    // Counted here from the directory entries' own types (regular files only), as `du --apparent-size` would.
    const walk = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? statSync(join(dir, e.name)).size : 0), 0)
    const expected = walk(store.runDir(id))
    expect(expected).toBeGreaterThan(50_000)
    expect(expected).toBeLessThan(1_000_000)
    expect(store.runUsage(id).bytes).toBe(expected)

    const other = store.createRun(runInit())
    store.updateMeta(other.id, { status: 'failed' })
    store.deleteRun(id)
    store.deleteRun(other.id)
    // A trashed run is measured in the trash.
    expect(store.runUsage(id).bytes).toBe(expected)
    const otherBytes = walk(join(home, 'runs', '.trash', other.id))
    const usage = store.trashUsage()
    expect(usage.bytes).toBe(expected + otherBytes)
    expect(usage.runs.map((r) => r.id).sort()).toEqual([id, other.id].sort())

    const kept = store.createRun(runInit())
    expect(store.emptyTrash()).toEqual({ removed: expect.arrayContaining([id, other.id]), bytes: expected + otherBytes })
    expect(store.listTrash()).toEqual([])
    expect(store.trashUsage()).toEqual({ runs: [], bytes: 0 })
    // The runs outside the trash, and the file the link pointed at, are untouched.
    expect(store.listRuns().map((r) => r.id)).toEqual([kept.id])
    expect(statSync(outside).size).toBe(1_000_000)
    expect(() => store.runUsage(id)).toThrow(/no run/)
  })
})
