import { describe, expect, it } from 'vitest'
import { ModelCache } from '../../src/main/inference/modelCache'

/** A stand-in model that records whether it was disposed. */
function fake(name: string, disposed: string[]): { dispose(): void } {
  return { dispose: () => disposed.push(name) }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('ModelCache', () => {
  it('loads once per key and disposes the least recently used beyond its capacity', async () => {
    const loads: string[] = []
    const disposed: string[] = []
    const cache = new ModelCache(2)
    const use = (key: string) =>
      cache.use(
        key,
        async () => {
          loads.push(key)
          return fake(key, disposed)
        },
        () => key,
      )
    expect(await use('a/1')).toBe('a/1')
    await use('a/1')
    await use('b/1')
    await use('a/1') // a is now the most recently used
    await use('c/1') // evicts b
    await use('a/2') // evicts a/1, now the least recently used
    await settle()
    expect(loads).toEqual(['a/1', 'b/1', 'c/1', 'a/2'])
    expect(disposed).toEqual(['b/1', 'a/1'])
    expect(cache.size).toBe(2)
    cache.forget('a/')
    await settle()
    expect(disposed).toEqual(['b/1', 'a/1', 'a/2'])
    expect(cache.size).toBe(1)
  })

  it('never disposes a model while a call still uses it', async () => {
    const disposed: string[] = []
    const cache = new ModelCache(1)
    let release!: () => void
    const busy = cache.use('a', async () => fake('a', disposed), () => new Promise<void>((r) => (release = r)))
    await settle()
    await cache.use('b', async () => fake('b', disposed), () => undefined) // evicts a while it is in use
    await settle()
    expect(disposed).toEqual([])
    release()
    await busy
    await settle()
    expect(disposed).toEqual(['a'])
    cache.clear()
    await settle()
    expect(disposed).toEqual(['a', 'b'])
  })

  it('forgets a failed load, so the next call tries again', async () => {
    let calls = 0
    const cache = new ModelCache(2)
    const load = async () => {
      calls++
      if (calls === 1) throw new Error('checkpoint unreadable')
      return fake('a', [])
    }
    await expect(cache.use('a', load, () => 1)).rejects.toThrow('checkpoint unreadable')
    await settle()
    expect(cache.size).toBe(0)
    await expect(cache.use('a', load, async () => 2)).resolves.toBe(2)
    expect(calls).toBe(2)
  })
})
