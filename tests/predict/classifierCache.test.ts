import { describe, expect, it } from 'vitest'
import type { Classifier } from '../../src/main/predict'
import { ClassifierCache } from '../../src/main/predict/classifierCache'

/** A stand-in classifier that records whether it was disposed. */
function fake(name: string, disposed: string[]): Classifier {
  return { dispose: () => disposed.push(name) } as unknown as Classifier
}

// The cache's own behaviour (in-use counting, failed loads) is tested in tests/core/modelCache.test.ts.
describe('ClassifierCache', () => {
  it('loads once per (run, checkpoint) and disposes the least recently used beyond its capacity', async () => {
    const loads: string[] = []
    const disposed: string[] = []
    const cache = new ClassifierCache(async (dir, cp) => {
      loads.push(`${dir}@${cp}`)
      return fake(`${dir}@${cp}`, disposed)
    }, 2)
    const use = (dir: string, cp: string) => cache.use(dir, cp, async () => undefined)
    await use('a', 'e1')
    await use('a', 'e1')
    await use('b', 'e1')
    await use('a', 'e1') // a is now the most recently used
    await use('c', 'e1') // evicts b
    await new Promise((r) => setImmediate(r))
    expect(loads).toEqual(['a@e1', 'b@e1', 'c@e1'])
    expect(disposed).toEqual(['b@e1'])
    expect(cache.size).toBe(2)
    cache.forgetRun('a')
    await new Promise((r) => setImmediate(r))
    expect(disposed).toEqual(['b@e1', 'a@e1'])
    cache.clear()
    await new Promise((r) => setImmediate(r))
    expect(disposed).toEqual(['b@e1', 'a@e1', 'c@e1'])
  })
})
