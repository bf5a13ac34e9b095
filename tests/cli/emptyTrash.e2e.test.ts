/** `benchtop runs --empty-trash`: says what it would free, deletes only with --yes; `show` gives a run's size. */
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/store'
import { runCli, tempHome } from '../helpers/cli'

describe('emptying the trash from the command line', () => {
  it('refuses without --yes, naming the size; with --yes deletes every trashed run for good', async () => {
    const home = tempHome()
    const store = new RunStore(home)
    const make = (bytes: number) => {
      const { id } = store.createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: { config: {} } })
      store.updateMeta(id, { status: 'completed' })
      writeFileSync(path.join(store.artifactsDir(id), 'weights.bin'), Buffer.alloc(bytes))
      return id
    }
    const kept = make(10)
    const a = make(2_000_000)
    const b = make(500_000)
    const shown = await runCli(['show', kept], home)
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/folder\s+\S+ {2}\(\d+ B in \d+ files\)/)
    store.deleteRun(a)
    store.deleteRun(b)
    const bytes = store.trashUsage().bytes
    expect(bytes).toBeGreaterThan(2_500_000)

    const listed = await runCli(['runs', '--trash'], home)
    expect(listed.stdout).toContain('2.5 MB in the trash')

    const refused = await runCli(['runs', '--empty-trash'], home)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('deletes 2 runs, 2.5 MB for good (no undo); add --yes')
    expect(store.listTrash()).toHaveLength(2)

    const emptied = await runCli(['runs', '--empty-trash', '--yes', '--json'], home)
    expect(emptied.code, emptied.stderr).toBe(0)
    const result = JSON.parse(emptied.stdout)
    expect(result.removed.sort()).toEqual([a, b].sort())
    expect(result.bytes).toBe(bytes)
    expect(store.listTrash()).toEqual([])
    expect(existsSync(store.runDir(kept))).toBe(true)

    const again = await runCli(['runs', '--empty-trash', '--yes'], home)
    expect(again.stdout).toBe('The trash is empty.\n')
    expect((await runCli(['runs', '--yes'], home)).stderr).toMatch(/--yes only confirms --empty-trash/)
  }, 120_000)
})
