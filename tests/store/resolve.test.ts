import { describe, expect, it } from 'vitest'
import { runInit, tempStore } from './helpers'

describe('resolveRunId', () => {
  it('finds runs by id, unique prefix or name, and explains failures', () => {
    const { store } = tempStore()
    const a = store.createRun(runInit({ name: 'baseline' }))
    const b = store.createRun(runInit({ name: 'wide' }))
    const c = store.createRun(runInit({ name: 'twin' }))
    const d = store.createRun(runInit({ name: 'twin' }))

    expect(store.resolveRunId(a.id)).toBe(a.id)
    expect(store.resolveRunId(`  ${b.id}`)).toBe(b.id)
    expect(store.resolveRunId('baseline')).toBe(a.id)
    // Ids share the timestamp, so the prefix that tells two apart includes the random part.
    expect(store.resolveRunId(b.id.slice(0, -1))).toBe(b.id)

    const ambiguous = () => store.resolveRunId(a.id.slice(0, 8))
    expect(ambiguous).toThrow(/matches 4 runs/)
    expect(ambiguous).toThrow(a.id)
    expect(() => store.resolveRunId('twin')).toThrow(new RegExp(`${c.id}[\\s\\S]*|${d.id}`))
    expect(() => store.resolveRunId('nothing-like-it')).toThrow(/no run matches 'nothing-like-it'/)
    expect(() => store.resolveRunId('')).toThrow(/no run given/)

    store.updateMeta(b.id, { status: 'completed' })
    store.deleteRun(b.id)
    expect(() => store.resolveRunId('wide')).toThrow(/in the trash match: .*/)
  })
})
