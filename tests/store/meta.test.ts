import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunNotFoundError, RunStore, writeFileAtomic } from '../../src/main/store'
import { runInit, tempHome, tempStore } from './helpers'

describe('creating and reading runs', () => {
  it('creates a self-describing folder with a queued meta and the params', () => {
    const { home, store } = tempStore()
    const meta = store.createRun(runInit())

    expect(meta.id).toMatch(/^\d{8}-\d{6}-[0-9a-z]{4}$/)
    expect(meta.name).toBe(`shapes-cnn-${meta.id.slice(-4)}`)
    expect(meta).toMatchObject({ status: 'queued', ownerPid: process.pid, step: 0, resumes: 0, parent: null, error: null })
    const dir = join(home, 'runs', meta.id)
    expect(store.runDir(meta.id)).toBe(dir)
    expect(readdirSync(dir).sort()).toEqual(['artifacts', 'checkpoints', 'meta.json', 'metrics', 'params.json'])
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toEqual(meta)
    expect(store.readMeta(meta.id)).toEqual(meta)
    expect(store.readParams(meta.id)).toEqual({ lr: 0.01, epochs: 3 })
    expect(store.logPath(meta.id)).toBe(join(dir, 'log.txt'))
  })

  it('uses the given name and parent', () => {
    const { store } = tempStore()
    const parent = { runId: '20260101-000000-abcd', checkpoint: 'step-100', step: 100, epoch: 2 }
    const meta = store.createRun(runInit({ name: 'baseline', parent }))
    expect(meta.name).toBe('baseline')
    expect(store.readMeta(meta.id).parent).toEqual(parent)
  })

  it('writes params once', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    expect(() => store.writeParams(id, { lr: 1 })).toThrow(/already has .*params.json/)
    expect(store.readParams(id)).toEqual({ lr: 0.01, epochs: 3 })
  })

  it('gives unique ids to 200 runs created in a burst', () => {
    const { store } = tempStore()
    const ids = new Set(Array.from({ length: 200 }, () => store.createRun(runInit()).id))
    expect(ids.size).toBe(200)
  })

  it('says which run is missing and where it looked', () => {
    const home = tempHome()
    const store = new RunStore(home)
    expect(() => store.readMeta('abc')).toThrow(RunNotFoundError)
    expect(() => store.readMeta('abc')).toThrow(`no run 'abc' in ${join(home, 'runs')}`)
    expect(() => store.readMeta('../etc')).toThrow(/not a valid run id/)
    expect(() => store.updateMeta('abc', { step: 1 })).toThrow(RunNotFoundError)
  })

  it('updates meta with a patch or a function and leaves no lock or temp file', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    store.updateMeta(id, { status: 'running', startedAt: '2026-01-01T00:00:00.000Z' })
    const after = store.updateMeta(id, (meta) => ({ step: meta.step + 5, epoch: 1 }))
    expect(after).toMatchObject({ status: 'running', step: 5, epoch: 1 })
    expect(store.readMeta(id)).toEqual(after)
    expect(() => store.updateMeta(id, { id: 'other' })).toThrow(/cannot change the id/)
    expect(readdirSync(store.runDir(id)).filter((file) => file.startsWith('.') || file.endsWith('.lock'))).toEqual([])
  })
})

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', () => {
    const home = tempHome()
    const path = join(home, 'x.json')
    writeFileAtomic(path, 'one')
    writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(readdirSync(home)).toEqual(['x.json'])
  })

  it('fails cleanly when the folder does not exist', () => {
    const home = tempHome()
    expect(() => writeFileAtomic(join(home, 'missing', 'x.json'), 'x')).toThrow(/ENOENT/)
    expect(existsSync(join(home, 'missing'))).toBe(false)
  })
})
