import { describe, expect, it } from 'vitest'
import { useLoadedList } from '../../src/renderer/src/stores/loadedList'

/** A fetch the test resolves or rejects by hand, counting calls. */
function manualFetch(): { fetch: () => Promise<string[]>; calls: () => number; resolve: (v: string[]) => void; reject: (e: Error) => void } {
  let calls = 0
  let settle: { resolve: (v: string[]) => void; reject: (e: Error) => void } = { resolve: () => {}, reject: () => {} }
  return {
    fetch: () => {
      calls++
      return new Promise<string[]>((resolve, reject) => (settle = { resolve, reject }))
    },
    calls: () => calls,
    resolve: (v) => settle.resolve(v),
    reject: (e) => settle.reject(e),
  }
}

describe('useLoadedList', () => {
  it('shares one request between concurrent loads, then answers from memory until forced', async () => {
    const f = manualFetch()
    const l = useLoadedList(f.fetch)
    const first = l.load()
    const second = l.load()
    expect(second).toBe(first)
    expect(l.loading.value).toBe(true)
    f.resolve(['a'])
    expect(await first).toEqual(['a'])
    expect([l.loaded.value, l.loading.value, l.error.value]).toEqual([true, false, null])
    expect(await l.load()).toEqual(['a'])
    expect(f.calls()).toBe(1)

    const forced = l.load(true)
    f.resolve(['a', 'b'])
    expect(await forced).toEqual(['a', 'b'])
    expect(f.calls()).toBe(2)
  })

  it('keeps the previous list and sets error when a fetch fails; the next load tries again', async () => {
    const f = manualFetch()
    const l = useLoadedList(f.fetch)
    const failed = l.load()
    f.reject(new Error('core is down'))
    expect(await failed).toEqual([])
    expect(l.error.value).toMatch(/core is down/)
    expect([l.loaded.value, l.loading.value]).toEqual([false, false])

    const retry = l.load()
    f.resolve(['x'])
    expect(await retry).toEqual(['x'])
    expect(l.error.value).toBeNull()
    expect(f.calls()).toBe(2)
  })
})
