import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LockTimeoutError, RunStore } from '../../src/main/store'
import { deadPid, runInit, runWorker, tempStore } from './helpers'

const worker = (name: string) => fileURLToPath(new URL(`./workers/${name}`, import.meta.url))

describe('several processes using one store', () => {
  it('never loses an update: 3 processes x 50 increments', async () => {
    const { home, store } = tempStore()
    const { id } = store.createRun(runInit())
    await Promise.all([1, 2, 3].map(() => runWorker(worker('incrementStep.ts'), [home, id, '50'])))
    const meta = JSON.parse(readFileSync(join(store.runDir(id), 'meta.json'), 'utf8'))
    expect(meta.step).toBe(150)
    expect(readdirSync(store.runDir(id)).filter((file) => file.startsWith('.') || file.includes('lock'))).toEqual([])
  })

  it('gives distinct ids to runs created by two processes at once', async () => {
    const { home, store } = tempStore()
    const outputs = await Promise.all([1, 2].map(() => runWorker(worker('createRuns.ts'), [home, '40'])))
    const ids = outputs.flatMap((out) => out.trim().split('\n'))
    expect(ids).toHaveLength(80)
    expect(new Set(ids).size).toBe(80)
    expect(store.listRuns()).toHaveLength(80)
  })
})

describe('meta.lock', () => {
  it('breaks a lock left by a dead process', async () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const lock = join(store.runDir(id), 'meta.lock')
    writeFileSync(lock, JSON.stringify({ pid: await deadPid(), host: (await import('node:os')).hostname(), token: 'x', since: '' }))
    expect(store.updateMeta(id, { step: 3 }).step).toBe(3)
    expect(readdirSync(store.runDir(id))).not.toContain('meta.lock')
  })

  it('breaks a lock older than 10 s even if its holder looks alive', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const lock = join(store.runDir(id), 'meta.lock')
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 'x', since: '' }))
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    expect(store.updateMeta(id, { step: 4 }).step).toBe(4)
  })

  it('waits for a held lock, then gives up with a message naming the holder', () => {
    const { home, store } = tempStore()
    const { id } = store.createRun(runInit())
    writeFileSync(join(store.runDir(id), 'meta.lock'), JSON.stringify({ pid: process.pid, host: 'h', token: 'x', since: 'now' }))
    const impatient = new RunStore(home, { lockWaitMs: 200 })
    const started = Date.now()
    expect(() => impatient.updateMeta(id, { step: 1 })).toThrow(LockTimeoutError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    expect(() => impatient.updateMeta(id, { step: 1 })).toThrow(`held by pid ${process.pid} on h`)
    expect(store.readMeta(id).step).toBe(0)
  })
})
